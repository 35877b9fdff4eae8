// The API client first: it takes the launch token out of the URL before the router reads it.
import './api/client';
import {
  ElAlert,
  ElButton,
  ElCheckbox,
  ElDialog,
  ElForm,
  ElIcon,
  ElInput,
  ElMessage,
  ElMessageBox,
  ElPagination,
  ElProgress,
  ElTable,
  ElTag,
  provideGlobalConfig,
} from 'element-plus';
import 'element-plus/dist/index.css';
import frLocale from 'element-plus/es/locale/lang/fr';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { z } from 'zod';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

// The shared schemas check forms before they are sent. Zod's compiled parsers need `new Function`,
// which the CSP forbids; jitless also skips the probe that would report a violation on every load.
z.config({ jitless: true });

const app = createApp(App).use(createPinia()).use(i18n).use(router);
// Only the components the screens use (ElForm brings ElFormItem, ElTable ElTableColumn): the whole
// library doubled the script the first page parses. ElMessage and ElMessageBox, installed too, take
// the app's locale.
for (const component of [
  ElAlert,
  ElButton,
  ElCheckbox,
  ElDialog,
  ElForm,
  ElIcon,
  ElInput,
  ElPagination,
  ElProgress,
  ElTable,
  ElTag,
  ElMessage,
  ElMessageBox,
])
  app.use(component);
provideGlobalConfig({ locale: frLocale }, app, true);
app.mount('#app');
