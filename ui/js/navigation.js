// History navigation shared by the controller's and drove-epoch's entry modules: in-app links
// (a[data-route]) and back/forward re-render the page without a reload.

// Installs the listeners and returns navigate(path), which pushes `path` and calls `route()`.
export function installNavigation(route) {
  const navigate = (path) => {
    window.history.pushState(null, '', path);
    route();
    window.scrollTo(0, 0);
  };
  document.addEventListener('click', (event) => {
    const a = event.target.closest('a[data-route]');
    // Modified clicks and targeted links keep the browser's own behaviour (new tab, download).
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || a.target) {
      return;
    }
    event.preventDefault();
    navigate(a.getAttribute('href'));
  });
  window.addEventListener('popstate', route);
  return navigate;
}
