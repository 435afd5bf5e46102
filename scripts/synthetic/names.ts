/**
 * SYNTHETIC applicants: names put together from lists of common Vietnamese family, middle and given names,
 * with ID numbers, tax codes and phone numbers that start with `0000` — no real person's or business's data.
 */
import { Random, Weighted } from './random';

/** Family names, weighted roughly by their frequency in Vietnam. */
const FAMILY = new Weighted(
  ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Đinh', 'Đào', 'Trịnh', 'Lý', 'Mai', 'Cao', 'Lưu', 'Tạ', 'Chu', 'Tô', 'Kiều', 'Nghiêm', 'Khuất', 'Huỳnh', 'Võ'],
  [38, 11, 9.5, 7, 5, 4.5, 3.9, 2.1, 2, 1.4, 1.3, 1.3, 1, 1, 1, 0.8, 0.5, 0.5, 0.5, 0.4, 0.3, 0.3, 0.3, 0.2, 0.2, 0.1, 0.8, 0.8],
);
const MIDDLE_MALE = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Xuân', 'Thanh', 'Tuấn', 'Công', 'Mạnh', 'Ngọc', 'Hoàng', 'Trung', 'Tiến', 'Anh', 'Duy', 'Đình'];
const MIDDLE_FEMALE = ['Thị', 'Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Phương', 'Thùy', 'Bích', 'Hồng', 'Lan', 'Mai', 'Kim', 'Diệu', 'Quỳnh', 'Khánh', 'Hải', 'Thảo'];
const GIVEN_MALE = [
  'An', 'Anh', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Đức', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Kiên', 'Long', 'Minh',
  'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Tiến', 'Toàn', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Vũ',
];
const GIVEN_FEMALE = [
  'Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hồng', 'Huyền', 'Hương', 'Lan', 'Liên', 'Linh', 'Loan', 'Mai',
  'My', 'Nga', 'Ngân', 'Ngọc', 'Nhung', 'Oanh', 'Phương', 'Quỳnh', 'Thảo', 'Thủy', 'Trang', 'Uyên', 'Vân', 'Yến',
];
/** Words for made-up business names. */
const BUSINESS_WORDS = ['An Phát', 'Hưng Thịnh', 'Minh Long', 'Thành Công', 'Việt Tiến', 'Hòa Bình', 'Phú Gia', 'Sao Mai', 'Đại Dương', 'Tân Tiến', 'Kim Ngân', 'Trường Sơn', 'Hồng Hà', 'Thăng Long', 'Bình Minh'];
const BUSINESS_FORMS = ['Công ty TNHH', 'Công ty TNHH', 'Công ty cổ phần', 'Công ty TNHH MTV', 'Hợp tác xã'];
const BUSINESS_TRADES = ['Thương mại', 'Dịch vụ', 'Xây dựng', 'Công nghệ', 'Du lịch', 'Thực phẩm', 'Đầu tư'];
const STREETS = ['ngõ', 'ngách', 'phố', 'đường', 'thôn', 'tổ dân phố'];

export interface SyntheticApplicant {
  fullName: string;
  /** `0000` + digits: 12 digits like a citizen ID for a person, 10 like a tax code for a business. */
  idNumber: string;
  phone: string;
  address: string;
}

export function syntheticPerson(random: Random, place: string): SyntheticApplicant {
  const female = random.chance(0.5);
  const family = FAMILY.pick(random);
  const middle = random.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE);
  const given = random.pick(female ? GIVEN_FEMALE : GIVEN_MALE);
  return {
    fullName: `${family} ${middle} ${given}`,
    idNumber: `0000${random.digits(8)}`,
    phone: `0000${random.digits(6)}`,
    address: `Số ${random.int(1, 199)} ${random.pick(STREETS)} ${random.int(1, 60)}, ${place}, thành phố Hà Nội`,
  };
}

export function syntheticBusiness(random: Random, place: string): SyntheticApplicant {
  return {
    fullName: `${random.pick(BUSINESS_FORMS)} ${random.pick(BUSINESS_TRADES)} ${random.pick(BUSINESS_WORDS)}`,
    idNumber: `0000${random.digits(6)}`,
    phone: `0000${random.digits(6)}`,
    address: `Số ${random.int(1, 199)} ${random.pick(STREETS)} ${random.int(1, 60)}, ${place}, thành phố Hà Nội`,
  };
}
