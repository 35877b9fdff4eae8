// Members named one by one, so the bundler keeps only these (a namespace import read statically).
import * as ElementPlus from 'element-plus';
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
    ElementPlus.ElAlert,
    ElementPlus.ElButton,
    ElementPlus.ElCheckbox,
    ElementPlus.ElDialog,
    ElementPlus.ElForm,
    ElementPlus.ElIcon,
    ElementPlus.ElInput,
    ElementPlus.ElPagination,
    ElementPlus.ElProgress,
    ElementPlus.ElTable,
    ElementPlus.ElTag,
    ElementPlus.ElMessage,
    ElementPlus.ElMessageBox,
  ])
    app.use(plugin);
  ElementPlus.provideGlobalConfig({ locale: frLocale }, app, true);
}
