export const messages = {
  vi: { title: 'Hồ sơ' },
  en: { title: 'Dossier' },
};
