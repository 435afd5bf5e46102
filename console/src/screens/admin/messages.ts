export const messages = {
  vi: { title: 'Quản trị' },
  en: { title: 'Administration' },
};
