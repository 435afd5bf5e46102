export const messages = {
  vi: { title: 'Lãnh đạo' },
  en: { title: 'Leader' },
};
