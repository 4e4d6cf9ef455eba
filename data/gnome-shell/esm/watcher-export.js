export { ReviewToolsWatcher };
