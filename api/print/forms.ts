import { html, Html, page, signatures, type PageHead } from './html';

/**
 * The forms of Circular 03/2025/TT-VPCP that the one-stop desk prints, each following the official form's
 * structure: national motto header, issuing unit, title, numbered content, signatures. Pure functions of
 * already-formatted values (api/routes/print.ts gathers and formats them); every value is escaped.
 */

export interface ApplicantLines {
  fullName: string;
  idNumber: string;
  phone: string;
  email?: string;
  address?: string;
}

export interface Component {
  code: string;
  name: string;
}

function applicantFields(a: ApplicantLines): Html {
  return html`<dl class="fields">
<dt>Ông/Bà:</dt><dd>${a.fullName}</dd>
<dt>Số định danh cá nhân/Số giấy tờ:</dt><dd>${a.idNumber}</dd>
<dt>Địa chỉ:</dt><dd>${a.address ?? '…'}</dd>
<dt>Số điện thoại:</dt><dd>${a.phone}</dd>
<dt>Thư điện tử:</dt><dd>${a.email ?? '…'}</dd>
</dl>`;
}

function componentTable(caption: string, components: readonly Component[]): Html {
  if (components.length === 0) return html`<p>(Không có giấy tờ nào.)</p>`;
  return html`<table class="grid">
<caption style="text-align:left;font-style:italic">${caption}</caption>
<thead><tr><th scope="col">TT</th><th scope="col">Tên loại giấy tờ</th><th scope="col">Mã</th></tr></thead>
<tbody>${components.map((c, i) => html`<tr><td class="n">${i + 1}</td><td>${c.name}</td><td class="code">${c.code}</td></tr>`)}</tbody>
</table>`;
}

// --- Form 01 --------------------------------------------------------------------------------------------

export interface ReceiptForm {
  head: PageHead;
  code: string;
  receivingUnit: string;
  applicant: ApplicantLines;
  procedure: string;
  authority: string;
  documents: readonly Component[];
  statutoryTime: string;
  receivedAt: string;
  appointment: string;
  /** Whether the appointment was counted on a calendar year not yet confirmed by the official notice. */
  provisional?: boolean;
  collectAt: string;
  fee?: string;
  lookupUrl: string;
  qr: Html;
  /** The PIN on the first print; absent on a reprint. */
  pin?: string;
  clerk: string;
}

export function receiptPage(f: ReceiptForm): string {
  const body = html`<p>${f.receivingUnit} tiếp nhận hồ sơ của:</p>
${applicantFields(f.applicant)}
<p>Nội dung yêu cầu giải quyết: <strong>${f.procedure}</strong></p>
<p>Cơ quan có thẩm quyền giải quyết: ${f.authority}</p>
<ol class="content">
<li>Thành phần hồ sơ nộp gồm:${componentTable('Thành phần hồ sơ đã nhận', f.documents)}</li>
<li>Số lượng hồ sơ: 01 (bộ).</li>
<li>Thời gian giải quyết hồ sơ theo quy định: <strong>${f.statutoryTime}</strong>.</li>
<li>Thời gian nhận hồ sơ: ${f.receivedAt}.</li>
<li>Thời gian trả kết quả giải quyết hồ sơ: <strong>hẹn trả kết quả vào lúc ${f.appointment}</strong>.${
    f.provisional ? html` <em>(Lịch nghỉ của năm này chưa được công bố chính thức; ngày hẹn có thể được điều chỉnh muộn hơn.)</em>` : ''
  }</li>
<li>Đăng ký nhận kết quả tại: ${f.collectAt}.</li>
${f.fee ? html`<li>Phí, lệ phí: ${f.fee}.</li>` : ''}
<li>Tra cứu tình trạng hồ sơ:
<div class="qr">${f.qr}<div>Quét mã để tra cứu</div></div>
<p>Truy cập ${f.lookupUrl} với mã hồ sơ <strong>${f.code}</strong> và mã tra cứu (PIN).</p>
${
  f.pin
    ? html`<p class="notice">Mã tra cứu (PIN): <span class="pin">${f.pin}</span><br><em>Mã này chỉ in một lần trên giấy tiếp nhận này; xin giữ kín.</em></p>`
    : html`<p class="notice"><em>Bản in lại: mã tra cứu (PIN) đã được in trên Giấy tiếp nhận bản gốc. Nếu bị mất, Ông/Bà đề nghị cán bộ tiếp nhận cấp lại mã tra cứu.</em></p>`
}
</li>
</ol>
${signatures({ role: 'Người nộp hồ sơ', how: 'Ký và ghi rõ họ tên' }, { role: 'Người tiếp nhận hồ sơ', how: 'Ký và ghi rõ họ tên', name: f.clerk })}`;
  return page({ title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', formNumber: 'Mẫu số 01', head: f.head, subtitle: html`Mã hồ sơ: ${f.code}`, body });
}

// --- Form 02 --------------------------------------------------------------------------------------------

export interface GuidanceForm {
  head: PageHead;
  unit: string;
  applicant: ApplicantLines;
  procedure: string;
  brought: readonly Component[];
  missing: readonly Component[];
  note?: string;
  at: string;
  clerk: string;
}

export function guidancePage(f: GuidanceForm): string {
  const body = html`<p>Hồ sơ của:</p>
${applicantFields(f.applicant)}
<p>Nội dung yêu cầu giải quyết: <strong>${f.procedure}</strong></p>
<p>Thời gian: ${f.at}.</p>
<ol class="content">
<li>Thành phần hồ sơ đã xuất trình:${componentTable('Giấy tờ Ông/Bà đã mang đến', f.brought)}</li>
<li>Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:${componentTable('Thành phần hồ sơ còn thiếu', f.missing)}</li>
${f.note ? html`<li>Lý do, ghi chú: <span style="white-space:pre-wrap">${f.note}</span></li>` : ''}
<li>Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ ${f.unit} để được hướng dẫn.</li>
</ol>
${signatures({ role: 'Người nộp hồ sơ', how: 'Ký và ghi rõ họ tên' }, { role: 'Người hướng dẫn', how: 'Ký và ghi rõ họ tên', name: f.clerk })}`;
  return page({ title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', formNumber: 'Mẫu số 02', head: f.head, body });
}

// --- Form 03 --------------------------------------------------------------------------------------------

export interface RefusalForm {
  head: PageHead;
  unit: string;
  applicant: ApplicantLines;
  procedure: string;
  reason: string;
  at: string;
  clerk: string;
}

export function refusalPage(f: RefusalForm): string {
  const body = html`<p>${f.unit} tiếp nhận hồ sơ của:</p>
${applicantFields(f.applicant)}
<ol class="content">
<li>Nội dung yêu cầu giải quyết: <strong>${f.procedure}</strong></li>
<li>Thời gian: ${f.at}.</li>
<li>Sau khi xem xét, đối chiếu với các quy định hiện hành, ${f.unit} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:
<p style="white-space:pre-wrap;font-weight:bold">${f.reason}</p></li>
</ol>
<p>Xin thông báo cho Ông/Bà được biết và thực hiện./.</p>
${signatures({ role: 'Người nộp hồ sơ', how: 'Ký và ghi rõ họ tên' }, { role: 'Người tiếp nhận hồ sơ', how: 'Ký và ghi rõ họ tên', name: f.clerk })}`;
  return page({ title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', formNumber: 'Mẫu số 03', head: f.head, body });
}

// --- Form 04 --------------------------------------------------------------------------------------------

export interface ApologyForm {
  head: PageHead;
  code: string;
  receivedOn: string;
  receivingUnit: string;
  authority: string;
  applicant: ApplicantLines;
  procedure: string;
  oldAppointment: string;
  newAppointment: string;
  reason: string;
}

export function apologyPage(f: ApologyForm): string {
  const body = html`<p>${f.receivedOn}, ${f.receivingUnit} tiếp nhận giải quyết hồ sơ của:</p>
${applicantFields(f.applicant)}
<ol class="content">
<li>Nội dung yêu cầu giải quyết: <strong>${f.procedure}</strong></li>
<li>Mã hồ sơ: <strong>${f.code}</strong></li>
<li>Thời gian hẹn trả kết quả giải quyết hồ sơ: ${f.oldAppointment}.</li>
</ol>
<p>Tuy nhiên đến nay, ${f.authority} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời gian ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.</p>
<p>Lý do: <span style="white-space:pre-wrap">${f.reason}</span></p>
<p>Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${f.authority} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà <strong>vào lúc ${f.newAppointment}</strong>.</p>
<p>Kính mong nhận được sự thông cảm của Ông/Bà vì sự chậm trễ này./.</p>
${signatures(null, { role: 'Thủ trưởng cơ quan', how: 'Ký, ghi rõ họ tên và đóng dấu' })}`;
  return page({ title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', formNumber: 'Mẫu số 04', head: f.head, subtitle: html`Mã hồ sơ: ${f.code}`, body });
}

// --- Form 06 --------------------------------------------------------------------------------------------

export interface ProcessSheetForm {
  head: PageHead;
  code: string;
  procedure: string;
  authority: string;
  receivedAt: string;
  appointment: string;
  steps: readonly { name: string; dueAt: string; finishedAt: string; verdict: string }[];
  history: readonly { at: string; action: string; by: string; status: string; note?: string }[];
}

export function processSheetPage(f: ProcessSheetForm): string {
  const body = html`<ol class="content">
<li>Nội dung yêu cầu giải quyết: <strong>${f.procedure}</strong></li>
<li>Cơ quan giải quyết hồ sơ: ${f.authority}</li>
<li>Thời gian nhận hồ sơ: ${f.receivedAt}; hẹn trả kết quả: ${f.appointment}.</li>
<li>Các bước giải quyết và kết quả giao, nhận:
<table class="grid">
<thead><tr><th scope="col">TT</th><th scope="col">Bước</th><th scope="col">Thời hạn</th><th scope="col">Hoàn thành</th><th scope="col">Kết quả (trước hạn/đúng hạn/quá hạn)</th></tr></thead>
<tbody>${f.steps.map((s, i) => html`<tr><td class="n">${i + 1}</td><td>${s.name}</td><td class="t">${s.dueAt}</td><td class="t">${s.finishedAt}</td><td>${s.verdict}</td></tr>`)}</tbody>
</table></li>
<li>Quá trình giao, nhận hồ sơ:
<table class="grid">
<thead><tr><th scope="col">TT</th><th scope="col">Thời gian</th><th scope="col">Việc</th><th scope="col">Người thực hiện</th><th scope="col">Trạng thái</th><th scope="col">Ghi chú</th></tr></thead>
<tbody>${f.history.map((e, i) => html`<tr><td class="n">${i + 1}</td><td class="t">${e.at}</td><td>${e.action}</td><td>${e.by}</td><td>${e.status}</td><td>${e.note ?? ''}</td></tr>`)}</tbody>
</table></li>
</ol>`;
  return page({ title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', formNumber: 'Mẫu số 06', head: f.head, subtitle: html`Mã hồ sơ: ${f.code}`, body });
}
