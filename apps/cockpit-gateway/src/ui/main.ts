import { html } from 'htm/preact';
import { render } from 'preact';
import { App } from './app.js';
import { startCockpit } from './store.js';
import './styles.css';

startCockpit();
render(html`<${App} />`, document.getElementById('app')!);
