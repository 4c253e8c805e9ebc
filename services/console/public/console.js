// The console page's only script (plain JavaScript, served as is: nothing to build, nothing from a CDN).
// The server renders every section; this swaps in the HTML of the sections that changed, as the server
// streams them (server-sent events, /console/events), and sends the connector actions.
'use strict';

const ACTION_HEADER = 'x-console-request';
const TOKEN_HEADER = 'x-console-token';

function say(id, text) {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}

// Replaces a section's content; the element that had the focus (a button, by its stable id) keeps it.
function swap(sections) {
  const focused = document.activeElement && document.activeElement.id;
  for (const [id, markup] of Object.entries(sections)) {
    const target = document.getElementById(id);
    if (target) target.innerHTML = markup;
  }
  if (focused && document.activeElement !== document.getElementById(focused)) {
    const again = document.getElementById(focused);
    if (again) again.focus();
  }
}

function connect() {
  const source = new EventSource('/console/events');
  source.addEventListener('sections', (event) => {
    swap(JSON.parse(event.data));
    say('connection', 'live');
  });
  source.addEventListener('error', () => say('connection', 'connection lost: reconnecting…'));
}

async function act(button) {
  const { action, connector } = button.dataset;
  const token = document.getElementById('console-token');
  const headers = { [ACTION_HEADER]: '1' };
  if (token && token.value) headers[TOKEN_HEADER] = token.value;
  say('action-status', `${action} ${connector}: sending…`);
  try {
    const response = await fetch(`/console/connectors/${encodeURIComponent(connector)}/${action}`, {
      method: 'POST',
      headers,
    });
    if (response.ok) say('action-status', `${action} ${connector}: sent to Kafka Connect.`);
    else {
      const problem = await response.json().catch(() => ({}));
      say('action-status', `${action} ${connector}: refused (${response.status}) ${problem.detail || ''}`);
    }
  } catch (error) {
    say('action-status', `${action} ${connector}: failed (${error.message})`);
  }
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (button) void act(button);
});

connect();
