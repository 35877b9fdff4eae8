// The API client first: it takes the launch token out of the URL before the router reads it.
import './api/client';
import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { z } from 'zod';
import App from './App.vue';
import { installElementPlus } from './elementPlus';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

// The shared schemas check forms before they are sent. Zod's compiled parsers need `new Function`,
// which the CSP forbids; jitless also skips the probe that would report a violation on every load.
z.config({ jitless: true });

const app = createApp(App).use(createPinia()).use(i18n).use(router);
installElementPlus(app);
app.mount('#app');
