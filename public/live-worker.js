// One Server-Sent Events connection shared by every tab of the portal (a SharedWorker).
// Browsers allow only ~6 HTTP/1.1 connections per host; a stream per tab would starve
// page loads once a few tabs are open.
// The stream is read with fetch (not EventSource) so the worker sees why the portal refused it
// (too many live connections: the message is shown to the person) and picks its own
// reconnect delay: jittered and growing, so a portal restart is not met by every browser at once.
const ports = new Set();
let user = null;
let lastStatus = null;
let ready = false;
let abort = null;
let retryTimer = null;
let attempt = 0;
let generation = 0;

function broadcast(msg) {
  for (const port of ports) port.postMessage(msg);
}

/** Full jitter: 0.5 s plus a random share of a ceiling that doubles per failed attempt (max 30 s). */
function retryDelay() {
  const ceiling = Math.min(30000, 1000 * 2 ** attempt);
  attempt++;
  return 500 + Math.floor(Math.random() * ceiling);
}

function stop() {
  generation++;
  clearTimeout(retryTimer);
  retryTimer = null;
  if (abort) abort.abort();
  abort = null;
  ready = false;
}

function retryLater(reason) {
  ready = false;
  broadcast({ kind: "down", streamDown: true, reason: reason || null });
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, retryDelay());
}

function dispatch(block) {
  let event = "message";
  let data = "";
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data += line.slice(5).trimStart();
  }
  if (!data) return; // "retry:" and comments
  if (event === "ready") {
    // Every subscription is in place (or the stream skipped changes and caught up):
    // pages re-read once, so nothing between their render and now is lost.
    ready = true;
    attempt = 0;
    let at = 0;
    try {
      at = Number(JSON.parse(data).at) || 0;
    } catch {
      // an older portal: no time, pages listening now still re-read
    }
    broadcast({ kind: "resync", at });
  } else if (event === "status") {
    lastStatus = JSON.parse(data);
    broadcast({ kind: "status", data: lastStatus, streamDown: false });
  } else if (event === "change") {
    broadcast({ kind: "change", data: JSON.parse(data) });
  }
}

async function connect() {
  stop();
  const gen = generation;
  abort = new AbortController();
  let res;
  try {
    res = await fetch("/api/stream", { signal: abort.signal, cache: "no-store", headers: { Accept: "text/event-stream" } });
  } catch {
    if (gen === generation) retryLater();
    return;
  }
  if (!res.ok || !res.body) {
    // 429/503: the portal's cap on live connections, with a message for the person.
    const reason = res.status === 429 || res.status === 503 ? (await res.text().catch(() => "")).slice(0, 300) : null;
    if (gen === generation) retryLater(reason);
    return;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // network error or aborted: handled below
  }
  if (gen === generation) retryLater();
}

self.onconnect = (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.onmessage = (e) => {
    if (e.data && e.data.kind === "hello") {
      // A different person signed in on this browser: the stream must carry their rights.
      if (!abort || e.data.user !== user) {
        user = e.data.user;
        attempt = 0;
        connect();
      } else if (ready) {
        // The stream was already open: this page still needs to catch up once.
        if (lastStatus) port.postMessage({ kind: "status", data: lastStatus, streamDown: false });
        port.postMessage({ kind: "resync" });
      }
    } else if (e.data && e.data.kind === "bye") {
      ports.delete(port);
      if (ports.size === 0) stop();
    }
  };
  port.start();
};
