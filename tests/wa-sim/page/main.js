// Boots the simulated WhatsApp Web page: module table first (whatsapp-web.js polls
// window.Debug.VERSION), then the UI, then the connection to the simulator server.
import { Net } from './net.js';
import { installModules, store } from './store.js';
import { Ui } from './ui.js';

installModules();
const ui = new Ui();
const net = new Net((kind, value) => ui.on(kind, value));
store.net = net;

// test and tooling hooks; nothing in whatsapp-web.js reads these
window.__sim = {
  store,
  requestedModules: () => [...store.requested].sort(),
  openChat: (chatId) => ui.openChat(chatId),
  composer: () => document.querySelector('footer [contenteditable="true"]'),
};

net.connect();
