// The public surface of src/config/: what the other layers import from it.
export { type Config, ConfigError, DEFAULT_ACCOUNTS_IN_FLIGHT, DEFAULT_CONFIG_FILE, defaultRegions, expandHome, homeRegion, loadConfig, type LoadedConfig } from './config.ts';
