/** The composition root: boots the tab's node and mounts the interface on it. */
import { mount } from 'svelte';
import App from './ui/App.svelte';
import { DEFAULT_PARAMS } from './core/params.js';
import { roomFromQuery } from './core/room.js';
import { bootNode } from './app/boot.js';
import { consoleApi, type ConsoleApi } from './app/console-api.js';
import { AppModel } from './ui/app-model.js';

declare global {
  interface Window {
    /** The console API: see docs/console.md. */
    tabchain?: ConsoleApi;
  }
}

const parsed = roomFromQuery(location.search.replace(/^\?/, ''));
const params = 'params' in parsed ? parsed.params : DEFAULT_PARAMS;
const target = document.getElementById('app') as HTMLElement;

bootNode(params, !/[?&]net=off(&|$)/.test(location.search)).then(
  (booted) => {
    window.tabchain = consoleApi(booted);
    const model = new AppModel(booted, params, { network: booted.net.network, lab: booted.lab });
    mount(App, { target, props: { model } });
  },
  (e: unknown) => {
    target.textContent = `tabchain could not start: ${e instanceof Error ? e.message : String(e)}`;
  },
);
