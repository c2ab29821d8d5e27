// A control's bearings: topics (space-separated) → the part of the control text that evidence of
// those topics bears on, one clause; `drop` → why checks of any other topic are not evidence of it.
export type ControlBearings = Record<string, Record<string, string>>;
