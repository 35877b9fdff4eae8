import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from '../../shared/domain/roles';
import { i18n } from '../i18n';
import { useSessionStore } from '../stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (setup, login). */
    public?: boolean;
    /** The least role that may open the page; others land on Accueil. */
    role?: Role;
    /** i18n key of the page title (window title and h1). */
    title?: string;
  }
}

const shellChildren: RouteRecordRaw[] = [
  { path: '', name: 'home', component: () => import('../pages/HomePage.vue'), meta: { title: 'nav.home' } },
  {
    path: 'candidats',
    name: 'candidates',
    component: () => import('../pages/registration/CandidatesPage.vue'),
    meta: { title: 'nav.candidates' },
  },
  {
    path: 'candidats/:id',
    name: 'candidate',
    component: () => import('../pages/registration/CandidatePage.vue'),
    props: true,
    meta: { title: 'nav.candidates' },
  },
  {
    path: 'inscriptions',
    name: 'registrations',
    component: () => import('../pages/registration/RegistrationsPage.vue'),
    meta: { title: 'nav.registrations' },
  },
  {
    path: 'inscriptions/nouvelle',
    name: 'wizard',
    component: () => import('../pages/wizard/WizardPage.vue'),
    meta: { title: 'wizard.title' },
  },
  {
    path: 'preinscriptions',
    name: 'prereg',
    component: () => import('../pages/prereg/PreregPage.vue'),
    meta: { title: 'prereg.title' },
  },
  {
    path: 'a-propos',
    name: 'about',
    component: () => import('../pages/AboutPage.vue'),
    meta: { title: 'about.title' },
  },
  {
    path: 'inscriptions/import',
    name: 'excelImport',
    component: () => import('../pages/excel/ImportPage.vue'),
    meta: { title: 'excel.importTitle' },
  },
  {
    path: 'statistiques',
    name: 'reports',
    component: () => import('../pages/excel/ReportsPage.vue'),
    meta: { title: 'reports.title' },
  },
  {
    path: 'dossiers',
    name: 'dossiers',
    component: () => import('../pages/dossier/DossierPage.vue'),
    meta: { title: 'nav.dossiers' },
  },
  {
    path: 'caisse',
    name: 'cashier',
    component: () => import('../pages/cash/CashPage.vue'),
    meta: { title: 'nav.cashier' },
  },
  {
    path: 'impressions',
    name: 'printing',
    component: () => import('../pages/printing/PrintingPage.vue'),
    meta: { title: 'nav.printing' },
  },
  {
    path: 'synchronisation',
    name: 'sync',
    component: () => import('../pages/sync/SyncPage.vue'),
    meta: { title: 'nav.sync' },
  },
  {
    path: 'administration',
    // Supervisors read the journal and make backups; the pages and sections beyond are administrators'.
    meta: { role: 'supervisor' },
    children: [
      {
        path: '',
        name: 'administration',
        component: () => import('../pages/AdministrationPage.vue'),
        meta: { title: 'nav.administration' },
      },
      {
        path: 'utilisateurs',
        name: 'users',
        component: () => import('../pages/UsersPage.vue'),
        meta: { title: 'nav.users', role: 'administrator' },
      },
      {
        path: 'journal',
        name: 'audit',
        component: () => import('../pages/AuditPage.vue'),
        meta: { title: 'nav.audit' },
      },
    ],
  },
];

/** Hash history: the same URLs work from Electron's file or custom protocol and from the web host. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    {
      path: '/setup',
      name: 'setup',
      component: () => import('../pages/SetupPage.vue'),
      meta: { public: true, title: 'setup.title' },
    },
    {
      path: '/login',
      name: 'login',
      component: () => import('../pages/LoginPage.vue'),
      meta: { public: true, title: 'login.title' },
    },
    {
      path: '/mot-de-passe',
      name: 'passwordRequired',
      component: () => import('../pages/PasswordRequiredPage.vue'),
      meta: { title: 'passwordChange.requiredTitle' },
    },
    { path: '/', component: () => import('../pages/ShellLayout.vue'), children: shellChildren },
    { path: '/:pathMatch(.*)*', redirect: { name: 'home' } },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  await session.start();
  if (session.needsSetup) return to.name === 'setup' || { name: 'setup' };
  if (to.name === 'setup') return { name: session.signedIn ? 'home' : 'login' };
  if (to.name === 'login') return session.signedIn ? { name: 'home' } : true;
  if (!session.signedIn) return { name: 'login' };
  // src-main refuses everything else until then; the page says why instead of a screen of errors.
  if (session.mustChangePassword) return to.name === 'passwordRequired' || { name: 'passwordRequired' };
  if (to.name === 'passwordRequired') return { name: 'home' };
  // The menu hides what a role may not open; this catches a typed or bookmarked address.
  // Every level's role counts: Administration is a supervisor's, its Utilisateurs page an administrator's.
  if (to.matched.some((r) => r.meta.role && !session.can(r.meta.role))) return { name: 'home' };
  return true;
});

router.afterEach((to) => {
  const { t } = i18n.global;
  document.title = to.meta.title ? `${t(to.meta.title)} — ${t('app.titleSuffix')}` : t('app.titleSuffix');
});
