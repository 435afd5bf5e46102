export const messages = {
  vi: { title: 'Tra cứu hồ sơ' },
  en: { title: 'Look up a dossier' },
};
