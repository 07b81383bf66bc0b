// Registers the service worker (public/sw.js), which keeps the app and the
// field user's tasks for use without a network. Browsers allow service
// workers only in a secure context: https, or http on localhost/127.0.0.1.
const supported = 'serviceWorker' in navigator && window.isSecureContext;

export const registered = supported
  ? navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).catch(() => null)
  : Promise.resolve(null);

// Asks the service worker to fetch and keep these answers now (the task list
// and each task), so that they open without a network later. Resolves with
// the number kept (0 without a service worker).
export async function keepForOffline(paths) {
  const registration = await registered;
  if (!registration?.active) return 0;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      if (event.data.failed.length) console.warn(`not kept for offline use: ${event.data.failed.join(', ')}`);
      resolve(event.data.kept);
    };
    registration.active.postMessage({ warm: paths }, [channel.port2]);
  });
}
