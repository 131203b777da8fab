// One Server-Sent Events connection shared by every tab of the portal (a SharedWorker).
// Browsers allow only ~6 HTTP/1.1 connections per host; a stream per tab would starve
// page loads once a few tabs are open.
const ports = new Set();
let source = null;
let ready = false;
let user = null;
let lastStatus = null;

function broadcast(msg) {
  for (const port of ports) port.postMessage(msg);
}

function connect() {
  if (source) source.close();
  ready = false;
  source = new EventSource("/api/stream");
  // Changes made between a page's server render and the stream's subscriptions were never
  // streamed: every page re-reads once the server says all subscriptions are in place.
  source.addEventListener("ready", () => {
    ready = true;
    broadcast({ kind: "resync" });
  });
  source.addEventListener("status", (e) => {
    lastStatus = JSON.parse(e.data);
    broadcast({ kind: "status", data: lastStatus, streamDown: false });
  });
  source.addEventListener("change", (e) => broadcast({ kind: "change", data: JSON.parse(e.data) }));
  source.onerror = () => {
    ready = false;
    broadcast({ kind: "down", streamDown: source.readyState !== EventSource.OPEN });
  };
}

self.onconnect = (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.onmessage = (e) => {
    if (e.data && e.data.kind === "hello") {
      // A different person signed in on this browser: the stream must carry their rights.
      if (!source || e.data.user !== user) {
        user = e.data.user;
        connect();
      } else if (ready) {
        // The stream was already open: this page still needs to catch up once.
        if (lastStatus) port.postMessage({ kind: "status", data: lastStatus, streamDown: false });
        port.postMessage({ kind: "resync" });
      }
    } else if (e.data && e.data.kind === "bye") {
      ports.delete(port);
      if (ports.size === 0 && source) {
        source.close();
        source = null;
      }
    }
  };
  port.start();
};
