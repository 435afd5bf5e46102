export const messages = {
  vi: { title: 'Theo dõi, giám sát' },
  en: { title: 'Dashboard' },
};
