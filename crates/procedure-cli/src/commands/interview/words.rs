//! The interview's fixed words, in the reader's language (English for a language without a
//! translation here). None names an input by its id: readers see questions and labels.

/// The fixed words of the interview.
pub struct Words {
    /// Under a choice read from lines.
    pub choice_hint: &'static str,
    /// Under a choice in a terminal.
    pub choice_keys: &'static str,
    /// Under a date.
    pub date_hint: &'static str,
    /// `{date}`: after the date hint, when today is offered.
    pub date_default: &'static str,
    /// Under a whole number.
    pub int_hint: &'static str,
    /// `{min}`, `{max}`.
    pub int_range: &'static str,
    /// `{min}`.
    pub int_at_least: &'static str,
    /// `{max}`.
    pub int_at_most: &'static str,
    /// Under free text.
    pub text_hint: &'static str,
    /// `{n}`.
    pub not_a_choice: &'static str,
    pub not_a_number: &'static str,
    /// Before the reasons a question is asked.
    pub why_intro: &'static str,
    /// `{title}`: the kinds of reasons.
    pub why_decision: &'static str,
    pub why_deadline: &'static str,
    pub why_document: &'static str,
    pub why_fee: &'static str,
    pub why_warning: &'static str,
    /// When no rule names the question (it is read through a sub-procedure, say).
    pub why_none: &'static str,
    pub undone: &'static str,
    pub nothing_to_undo: &'static str,
    /// The entries a terminal's list adds under the choices.
    pub why_option: &'static str,
    pub back_option: &'static str,
    /// The word for `back` in the language, accepted beside `back`.
    pub back_word: &'static str,
    /// `{path}`.
    pub saved: &'static str,
    /// Between two sentences: a space, or none in Japanese.
    pub join: &'static str,
}

/// The words in `language`.
pub fn words(language: &str) -> Words {
    match language {
        "vi" => Words {
            choice_hint: "Gõ số thứ tự; “quay lại” (back) để bỏ câu trả lời trước; “?” để biết vì sao câu này được hỏi.",
            choice_keys: "Dùng phím mũi tên hoặc gõ số thứ tự, rồi nhấn Enter.",
            date_hint: "Ngày viết theo dạng YYYY-MM-DD; “quay lại” (back) để bỏ câu trả lời trước; “?” để biết vì sao câu này được hỏi.",
            date_default: "Nhấn Enter để chọn hôm nay ({date}).",
            int_hint: "Một số nguyên; “quay lại” (back) để bỏ câu trả lời trước; “?” để biết vì sao câu này được hỏi.",
            int_range: "Từ {min} đến {max}.",
            int_at_least: "Ít nhất là {min}.",
            int_at_most: "Nhiều nhất là {max}.",
            text_hint: "“quay lại” (back) để bỏ câu trả lời trước; “?” để biết vì sao câu này được hỏi.",
            not_a_choice: "Hãy gõ một số từ 1 đến {n}.",
            not_a_number: "Hãy gõ một số nguyên.",
            why_intro: "Câu trả lời này được dùng để quyết định:",
            why_decision: "bước “{title}”",
            why_deadline: "thời hạn “{title}”",
            why_document: "giấy tờ “{title}”",
            why_fee: "lệ phí “{title}”",
            why_warning: "lưu ý “{title}”",
            why_none: "Câu trả lời này cần để hoàn tất kết quả.",
            undone: "Đã bỏ câu trả lời trước.",
            nothing_to_undo: "Chưa có câu trả lời nào để bỏ.",
            why_option: "? Vì sao câu này được hỏi",
            back_option: "← Quay lại (bỏ câu trả lời trước)",
            back_word: "quay lại",
            saved: "Các câu trả lời đã được lưu vào {path}.",
            join: " ",
        },
        "ja" => Words {
            choice_hint: "番号を入力してください。「戻る」（back）で前の回答を取り消し、「?」でこの質問の理由を表示します。",
            choice_keys: "矢印キーで選ぶか番号を入力して、Enterを押してください。",
            date_hint: "日付はYYYY-MM-DDの形式で入力してください。「戻る」（back）で前の回答を取り消し、「?」でこの質問の理由を表示します。",
            date_default: "Enterだけで今日（{date}）になります。",
            int_hint: "整数を入力してください。「戻る」（back）で前の回答を取り消し、「?」でこの質問の理由を表示します。",
            int_range: "{min}から{max}まで。",
            int_at_least: "{min}以上。",
            int_at_most: "{max}以下。",
            text_hint: "「戻る」（back）で前の回答を取り消し、「?」でこの質問の理由を表示します。",
            not_a_choice: "1から{n}までの番号を入力してください。",
            not_a_number: "整数を入力してください。",
            why_intro: "この回答で決まること：",
            why_decision: "手順「{title}」",
            why_deadline: "期限「{title}」",
            why_document: "書類「{title}」",
            why_fee: "手数料「{title}」",
            why_warning: "注意「{title}」",
            why_none: "この回答は結果を確定するために必要です。",
            undone: "前の回答を取り消しました。",
            nothing_to_undo: "取り消す回答がありません。",
            why_option: "? この質問の理由",
            back_option: "← 戻る（前の回答を取り消す）",
            back_word: "戻る",
            saved: "回答を{path}に保存しました。",
            join: "",
        },
        _ => Words {
            choice_hint: "Type a number; “back” undoes the last answer; “?” says why this is asked.",
            choice_keys: "Use the arrow keys or type a number, then Enter.",
            date_hint: "A date written YYYY-MM-DD; “back” undoes the last answer; “?” says why this is asked.",
            date_default: "Enter alone for today ({date}).",
            int_hint: "A whole number; “back” undoes the last answer; “?” says why this is asked.",
            int_range: "From {min} to {max}.",
            int_at_least: "At least {min}.",
            int_at_most: "At most {max}.",
            text_hint: "“back” undoes the last answer; “?” says why this is asked.",
            not_a_choice: "Type a number from 1 to {n}.",
            not_a_number: "Type a whole number.",
            why_intro: "This answer decides:",
            why_decision: "the step “{title}”",
            why_deadline: "the deadline “{title}”",
            why_document: "the document “{title}”",
            why_fee: "the fee “{title}”",
            why_warning: "the warning “{title}”",
            why_none: "This answer is needed to complete the result.",
            undone: "The last answer is undone.",
            nothing_to_undo: "There is no answer to undo.",
            why_option: "? Why is this asked",
            back_option: "← Back (undo the last answer)",
            back_word: "back",
            saved: "Your answers are saved in {path}.",
            join: " ",
        },
    }
}
