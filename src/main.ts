/** The composition root: the only place that picks concrete adapters. */
import { mount } from 'svelte';
import App from './ui/App.svelte';
import { DEFAULT_PARAMS } from './core/params.js';
import { roomFromQuery } from './core/room.js';

const parsed = roomFromQuery(location.search.replace(/^\?/, ''));
const params = 'params' in parsed ? parsed.params : DEFAULT_PARAMS;

mount(App, { target: document.getElementById('app') as HTMLElement, props: { params } });
