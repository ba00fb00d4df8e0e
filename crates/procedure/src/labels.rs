//! The fixed words of a report, in the reader's language.

/// The fixed words of a report, in the reader's language (English for a language without a
/// translation here).
pub(crate) struct Labels {
    pub(crate) more_information: &'static str,
    /// After the title, with its own leading space if any, `{version}`: the procedure's id is for
    /// programs, the version for readers who compare two answers.
    pub(crate) version: &'static str,
    pub(crate) outcome: &'static str,
    pub(crate) steps: &'static str,
    pub(crate) documents: &'static str,
    pub(crate) deadlines: &'static str,
    pub(crate) fee: &'static str,
    pub(crate) warnings: &'static str,
    pub(crate) notes: &'static str,
    pub(crate) sources: &'static str,
    /// `{title}`, `{date}`.
    pub(crate) by: &'static str,
    /// `{title}`, `{opens}`, `{date}`: a deadline with a first day, a window.
    pub(crate) window: &'static str,
    /// `{n}`: days until a window opens.
    pub(crate) opens_in: &'static str,
    /// `{date}` (legal), `{tag}` (how sure the move is), `{safe}`.
    pub(crate) moved: &'static str,
    /// `{possible}` (where an unverified move would put it), `{safe}`.
    pub(crate) may_move: &'static str,
    /// `{n}`.
    pub(crate) late: &'static str,
    pub(crate) last_day: &'static str,
    /// `{n}`.
    pub(crate) left: &'static str,
    pub(crate) secondary: &'static str,
    pub(crate) inferred: &'static str,
    pub(crate) unverified: &'static str,
    /// `{date}`: shown when the rules applied are not today's.
    pub(crate) rules_as_of: &'static str,
    /// Shown when the texts in the reader's language are a machine translation.
    pub(crate) machine: &'static str,
    pub(crate) total: &'static str,
    /// Under the steps: the decisions and the answers that made them.
    pub(crate) why: &'static str,
    pub(crate) yes: &'static str,
    pub(crate) no: &'static str,
    /// `{question}`.
    pub(crate) fact_ignored: &'static str,
    /// `{title}`, `{date}`.
    pub(crate) outside_calendar: &'static str,
    /// Between a name and its value: `: ` or `：`.
    pub(crate) colon: &'static str,
    /// `{text}`: a remark in brackets after what it is about.
    pub(crate) aside: &'static str,
    /// Between groups of three digits in an amount.
    pub(crate) thousands: char,
    /// How the language writes an amount in yen after the number, when it has its own word.
    pub(crate) yen: Option<&'static str>,
    /// A fee whose author gave it no title.
    pub(crate) fee_untitled: &'static str,
    /// In place of an amount the office sets.
    pub(crate) fee_by_office: &'static str,
    /// In place of an amount that waits on an answer.
    pub(crate) fee_not_known: &'static str,
    /// `{amount}`: a total that leaves out amounts not known.
    pub(crate) fee_at_least: &'static str,
    /// After a decision that waits on the reader's answer.
    pub(crate) waiting: &'static str,
    /// After the outcome when questions remain.
    pub(crate) pending: &'static str,
}

/// The words every output gives the verification tags and the machine-translation notice, for a
/// front end that lays out a report itself (the server's pages), so that a reader meets one word
/// for one idea in every output.
#[derive(Clone, Copy, Debug, serde::Serialize)]
#[allow(missing_docs, reason = "each word is named by the tag it stands for")]
pub struct ReaderWords {
    pub secondary: &'static str,
    pub inferred: &'static str,
    pub unverified: &'static str,
    /// Shown when the texts in the reader's language are a machine translation.
    pub machine: &'static str,
}

/// [`ReaderWords`] in `language` (English for one without a translation).
///
/// ```
/// assert_eq!(procedure::reader_words("ja").inferred, "推論");
/// ```
pub fn reader_words(language: &str) -> ReaderWords {
    let l = labels(language);
    ReaderWords { secondary: l.secondary, inferred: l.inferred, unverified: l.unverified, machine: l.machine }
}

pub(crate) fn labels(language: &str) -> Labels {
    match language {
        "vi" => Labels {
            colon: ": ",
            aside: " ({text})",
            thousands: '.',
            yen: Some(" yên"),
            fee_untitled: "Lệ phí",
            fee_by_office: "số tiền do cơ quan quyết định; hãy hỏi tại quầy",
            fee_not_known: "chưa biết số tiền (cần câu trả lời của bạn)",
            fee_at_least: "ít nhất {amount}, cộng với khoản chưa biết số tiền",
            waiting: "cần câu trả lời của bạn",
            pending: "(sau khi bạn trả lời các câu hỏi dưới đây)",
            why: "Vì sao:",
            yes: "có",
            no: "không",
            fact_ignored: "Câu trả lời cho câu hỏi “{question}” không được dùng: câu hỏi này không áp dụng cho trường hợp của bạn.",
            outside_calendar: "{title}: ngày {date} nằm ngoài lịch ngày làm việc mà công cụ này biết, nên hạn theo luật được giữ nguyên, không dời qua ngày nghỉ.",
            more_information: "Cần thêm thông tin:",
            version: " (phiên bản {version})",
            outcome: "Kết quả",
            steps: "Các bước:",
            documents: "Giấy tờ:",
            deadlines: "Thời hạn:",
            fee: "Lệ phí:",
            warnings: "Lưu ý:",
            notes: "Ghi chú:",
            sources: "Nguồn:",
            by: "{title}: hạn chót {date}",
            window: "{title}: từ {opens} đến {date}",
            opens_in: "CHƯA bắt đầu nhận, còn {n} ngày nữa",
            moved: " (hạn theo luật {date} rơi vào ngày nghỉ nên được dời{tag}; an toàn nhất là nộp chậm nhất vào {safe})",
            may_move: " (có thể được dời đến {possible} vì rơi vào ngày nghỉ, nhưng điều này chưa được kiểm chứng; an toàn nhất là nộp chậm nhất vào {safe})",
            late: "TRỄ {n} ngày",
            last_day: "HÔM NAY là ngày cuối cùng",
            left: "còn {n} ngày",
            secondary: "nguồn thứ cấp",
            inferred: "suy luận",
            unverified: "chưa kiểm chứng",
            rules_as_of: "Áp dụng các quy định có hiệu lực vào ngày {date}.",
            machine: "Lưu ý: các nội dung tiếng Việt ở đây được dịch bằng máy và chưa được người bản ngữ kiểm tra.",
            total: "Tổng cộng",
        },
        "ja" => Labels {
            colon: "：",
            aside: "（{text}）",
            thousands: ',',
            yen: Some("円"),
            fee_untitled: "手数料",
            fee_by_office: "金額は窓口が定めます。窓口でご確認ください",
            fee_not_known: "金額は未定です（ご回答が必要です）",
            fee_at_least: "{amount}以上（金額が未定の分を除く）",
            waiting: "回答が必要です",
            pending: "（以下の質問に答えた後）",
            why: "判断の理由：",
            yes: "はい",
            no: "いいえ",
            fact_ignored: "「{question}」への回答は使われていません。この質問はあなたの状況では尋ねられません。",
            outside_calendar: "{title}：{date}はこのツールが把握している閉庁日の暦の範囲外のため、法定の期限をそのまま表示しています。",
            more_information: "追加の情報が必要です：",
            version: "（{version}版）",
            outcome: "結果",
            steps: "手順：",
            documents: "書類：",
            deadlines: "期限：",
            fee: "手数料：",
            warnings: "注意：",
            notes: "備考：",
            sources: "出典：",
            by: "{title}：{date}まで",
            window: "{title}：{opens}から{date}まで",
            opens_in: "受付開始前（あと{n}日）",
            moved: "（法定の期限{date}が閉庁日のため延長{tag}。確実なのは{safe}までに手続すること）",
            may_move: "（閉庁日のため{possible}まで延長される可能性がありますが、未確認です。確実なのは{safe}までに手続すること）",
            late: "{n}日超過",
            last_day: "本日が最終日",
            left: "残り{n}日",
            secondary: "二次情報",
            inferred: "推論",
            unverified: "未確認",
            rules_as_of: "{date}時点で有効な規定を適用しています。",
            machine: "注意：この日本語の文章は機械翻訳で、日本語を母語とする人の確認をまだ受けていません。",
            total: "合計",
        },
        _ => Labels {
            colon: ": ",
            aside: " ({text})",
            thousands: ',',
            yen: None,
            fee_untitled: "Fee",
            fee_by_office: "an amount the office sets; ask there",
            fee_not_known: "amount not known yet (needs your answers)",
            fee_at_least: "at least {amount}, plus an amount not known here",
            waiting: "needs your answer",
            pending: "(once you answer the questions below)",
            why: "Why:",
            yes: "yes",
            no: "no",
            fact_ignored: "Your answer to “{question}” was not used: the question does not apply in your situation.",
            outside_calendar: "{title}: {date} is beyond the years of closed days this tool knows, so the legal date is shown without moving it past closed days.",
            more_information: "More information is needed:",
            version: " (version {version})",
            outcome: "Outcome",
            steps: "Steps:",
            documents: "Documents:",
            deadlines: "Deadlines:",
            fee: "Fee:",
            warnings: "Warnings:",
            notes: "Notes:",
            sources: "Sources:",
            by: "{title} by {date}",
            window: "{title} from {opens} to {date}",
            opens_in: "NOT YET OPEN: opens in {n} day(s)",
            moved: " (legal date {date}, moved past closed days{tag}; safest {safe})",
            may_move: " (it may move to {possible} past closed days, but that is unverified; safest {safe})",
            late: "LATE by {n} day(s)",
            last_day: "TODAY is the last day",
            left: "{n} day(s) left",
            secondary: "secondary",
            inferred: "inferred",
            unverified: "unverified",
            rules_as_of: "The rules in force on {date} apply.",
            machine: "Note: these texts are a machine translation, not yet reviewed by a native reader.",
            total: "Total",
        },
    }
}
