export const messages = {
  vi: { title: 'Hồ sơ cần xử lý' },
  en: { title: 'Inbox' },
};
