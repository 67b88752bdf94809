import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';

// window.api is provided by the host before this runs: the Electron preload, or web-entry.ts in a browser.
mount(App, { target: document.getElementById('app')! });
