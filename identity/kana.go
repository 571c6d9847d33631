package identity

import "strings"

// Kana in Latin letters, modified Hepburn as passports write it: long
// vowels unmarked (ー adds nothing), ン is n, a small ッ doubles the
// consonant after it (ッチ is tchi), and the small ャュョ and ァィゥェォ
// join the kana before them (ジェ is je, ファ is fa). The MOF list writes
// foreign names in katakana, words apart with ・ (ユン・ホジン is Yun
// Ho-jin); unidecode reads kana one by one, so ジェ came out "zie" and
// the words ran together.

// kanaSyllables are the katakana syllables; hiragana is mapped onto
// katakana first. Two-kana entries (a kana and a small one) are tried
// before one-kana ones.
var kanaSyllables = map[string]string{
	"ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
	"カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
	"サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
	"タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
	"ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
	"ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
	"マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
	"ヤ": "ya", "ユ": "yu", "ヨ": "yo",
	"ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
	"ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n",
	"ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
	"ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
	"ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
	"バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
	"パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
	"ヴ": "vu",
	// small kana standing alone
	"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o", "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa",
	// yōon
	"キャ": "kya", "キュ": "kyu", "キョ": "kyo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
	"シャ": "sha", "シュ": "shu", "ショ": "sho", "ジャ": "ja", "ジュ": "ju", "ジョ": "jo",
	"チャ": "cha", "チュ": "chu", "チョ": "cho", "ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo",
	"ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo", "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo",
	"ビャ": "bya", "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo",
	"ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya", "リュ": "ryu", "リョ": "ryo",
	// the extended katakana of foreign sounds
	"シェ": "she", "ジェ": "je", "チェ": "che", "イェ": "ye",
	"ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du", "テュ": "tyu", "デュ": "dyu",
	"ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo", "フュ": "fyu",
	"ウィ": "wi", "ウェ": "we", "ウォ": "wo",
	"ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "ヴュ": "vyu",
	"クァ": "kwa", "クィ": "kwi", "クェ": "kwe", "クォ": "kwo", "グァ": "gwa",
	"ツァ": "tsa", "ツィ": "tsi", "ツェ": "tse", "ツォ": "tso",
	"スィ": "si", "ズィ": "zi", "ホゥ": "hu",
}

// isKana reports whether r is hiragana or katakana (the prolonged sound
// mark included), not the middle dot.
func isKana(r rune) bool {
	return (r >= 0x3041 && r <= 0x3096) || (r >= 0x30A1 && r <= 0x30FA) || r == 0x30FC
}

// kanaWordSeparators are what Japanese writes between the words of a
// foreign name: the middle dot (full and half width) and the double
// hyphen of hyphenated names.
func isKanaWordSeparator(r rune) bool {
	return r == '・' || r == '･' || r == '゠' || r == '＝'
}

// Hepburn writes a run of kana in Latin letters.
func Hepburn(kana string) string {
	rs := []rune(kana)
	for i, r := range rs {
		if r >= 0x3041 && r <= 0x3096 {
			rs[i] = r + 0x60 // hiragana to katakana
		}
	}
	var b strings.Builder
	double := false
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == 'ッ' {
			double = true
			i++
			continue
		}
		if r == 'ー' {
			i++
			continue
		}
		latin, n := "", 1
		if i+1 < len(rs) {
			if s, ok := kanaSyllables[string(rs[i:i+2])]; ok {
				latin, n = s, 2
			}
		}
		if latin == "" {
			latin = kanaSyllables[string(r)]
		}
		if double && latin != "" {
			switch {
			case strings.HasPrefix(latin, "ch"):
				b.WriteByte('t')
			case !strings.ContainsRune("aiueon", rune(latin[0])):
				b.WriteByte(latin[0])
			}
		}
		double = false
		b.WriteString(latin)
		i += n
	}
	return b.String()
}
