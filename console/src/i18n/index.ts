import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';
import { screenMessages } from './screens';

/**
 * Vietnamese first, English second. Each screen keeps its words in its own namespace (screens/<name>/messages.ts,
 * listed in ./screens.ts); `common` holds the shell's, the roles', the statuses' and the API errors' words.
 */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'motcua.lang';

function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en' ? 'en' : 'vi';
}

const namespaces = { common, ...screenMessages };
const resources = Object.fromEntries(
  LANGUAGES.map((lng) => [lng, Object.fromEntries(Object.entries(namespaces).map(([ns, m]) => [ns, m[lng]]))]),
);

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'vi',
  defaultNS: 'common',
  ns: Object.keys(namespaces),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lng: Language): void {
  localStorage.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}
document.documentElement.lang = i18n.language;

export default i18n;
