/* global document, window */
// Inlined into the HTML report. Without JavaScript every control stays visible and the filter bar
// stays hidden, so a reader never sees a control that does nothing.
(function () {
  var bar = document.getElementById('filters');
  var table = document.getElementById('controls-table');
  if (!bar || !table) return;
  var boxes = bar.querySelectorAll('input[data-filter]');
  var groups = table.querySelectorAll('tbody.control[data-status]');
  var note = document.getElementById('filter-note');

  function apply() {
    var wanted = {};
    for (var i = 0; i < boxes.length; i++) wanted[boxes[i].value] = boxes[i].checked;
    var shown = 0;
    for (var j = 0; j < groups.length; j++) {
      // A status without a checkbox (should not happen) stays visible rather than vanishing.
      var visible = wanted[groups[j].getAttribute('data-status')] !== false;
      groups[j].hidden = !visible;
      if (visible) shown++;
    }
    if (note) note.textContent = 'Showing ' + shown + ' of ' + groups.length + ' controls.';
  }

  function setDetails(open) {
    var all = table.querySelectorAll('details');
    for (var i = 0; i < all.length; i++) all[i].open = open;
  }

  bar.addEventListener('change', apply);
  bar.addEventListener('click', function (event) {
    var action = event.target && event.target.getAttribute && event.target.getAttribute('data-details');
    if (action) setDetails(action === 'open');
  });

  // A link to a check shown in full under another control: that control is shown (its status
  // checked again if the filter hid it) and its details opened before the browser scrolls there.
  table.addEventListener('click', function (event) {
    var link = event.target && event.target.closest ? event.target.closest('a.check-link') : null;
    if (!link) return;
    var target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    var group = target.closest('tbody.control');
    if (group && group.hidden) {
      for (var i = 0; i < boxes.length; i++) if (boxes[i].value === group.getAttribute('data-status')) boxes[i].checked = true;
      apply();
    }
    for (var d = target.closest('details'); d; d = d.parentElement ? d.parentElement.closest('details') : null) d.open = true;
  });

  // Printing shows every row with its details, then restores what the reader had open.
  var closedBeforePrint = [];
  window.addEventListener('beforeprint', function () {
    closedBeforePrint = [];
    var all = document.querySelectorAll('details');
    for (var i = 0; i < all.length; i++) {
      if (!all[i].open) {
        closedBeforePrint.push(all[i]);
        all[i].open = true;
      }
    }
  });
  window.addEventListener('afterprint', function () {
    for (var i = 0; i < closedBeforePrint.length; i++) closedBeforePrint[i].open = false;
    closedBeforePrint = [];
  });

  bar.hidden = false;
  apply();
})();
