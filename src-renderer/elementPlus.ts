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
import frLocale from 'element-plus/es/locale/lang/fr';
import type { App } from 'vue';

/**
 * Only the Element Plus components the screens use (ElForm brings ElFormItem, ElTable
 * ElTableColumn): the whole library doubled the script the first page parses. A screen that uses
 * a new one adds it here; a unit test compares this list with the templates. ElMessage and
 * ElMessageBox are installed so that they take the app's locale.
 */
export function installElementPlus(app: App): void {
  for (const plugin of [
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
    app.use(plugin);
  provideGlobalConfig({ locale: frLocale }, app, true);
}
