// Sizes each embedded board to the height it asks for (trafficlab posts
// {type: "trafficlab:height", height} to its parent), as docs sites that
// auto-size iframes do.
window.addEventListener('message', (event) => {
  if (event.data?.type !== 'trafficlab:height' || !Number.isFinite(event.data.height)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) frame.style.height = `${Math.round(event.data.height)}px`;
  }
});
