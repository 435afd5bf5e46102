export const messages = {
  vi: { title: 'Tiếp nhận hồ sơ' },
  en: { title: 'Reception' },
};
