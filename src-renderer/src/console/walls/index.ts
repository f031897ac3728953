// Walls area of the console: layout editor, playlists and the joint-consultation presenter.
// Mount `WallsView` with a RecordsSource and the towns and incidents a presenter may focus.
import './walls.css';

export { default as WallsView } from './WallsView.vue';
export { default as LayoutEditor } from './LayoutEditor.vue';
export { default as PlaylistEditor } from './PlaylistEditor.vue';
export { default as PresenterPanel } from './PresenterPanel.vue';
