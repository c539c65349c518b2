package corpus

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// langSample is how much of a text DetectLanguage looks at.
const langSample = 2000

// Latin-script languages told apart by stop words, as bits of a mask.
const (
	lEN = 1 << iota
	lFR
	lDE
	lES
	lIT
	lPT
	lNL
	latinLangs = 7
)

var latinCodes = [latinLangs]string{"en", "fr", "de", "es", "it", "pt", "nl"}

// latinStopWords are the most frequent function words of each language.
// Words shared by several languages count for each of them, split evenly.
var latinStopWords = map[int][]string{
	lEN: strings.Fields("the and of to is in that it was for on are with as his her they at be this have from or had by but not what were we when your said which their has would will been who its after than also an there about into more could she he were them these"),
	lFR: strings.Fields("le la les des est et un une du dans que qui pour pas sur au aux avec ce cette sont il elle ont mais ou été par plus son ses leur nous vous à a été être aussi selon lors comme tout après d l qu n"),
	lDE: strings.Fields("der die das und ist nicht ein eine zu den dem mit sich auf für von im auch es an werden wird hat sind wurde dass bei nach aus einen einer oder als wie noch des sie er wir über vor zum zur um hatte haben"),
	lES: strings.Fields("el la los las de y que en un una es por con para del se no al lo como más pero sus fue ha este esta está son también entre sobre muy hay ya desde hasta cuando tras según su le"),
	lIT: strings.Fields("il lo la gli le di e che è un una per non con del della dei delle nel nella sono alla anche come più ma ha si da al questo questa stato ci degli negli sul sulla è"),
	lPT: strings.Fields("o a os as de e que do da dos das em um uma para com não no na por mais se foi ao ele ela mas como são está também pelo pela nos nas seu sua entre após já"),
	lNL: strings.Fields("de het een en van is dat op te in voor niet met zijn er aan ook als bij door maar om wordt werd naar hij zij heeft worden nog deze wel uit dit was hebben"),
}

// stopMask maps a stop word to the languages it belongs to.
var stopMask = func() map[string]uint8 {
	m := map[string]uint8{}
	for bit, words := range latinStopWords {
		for _, w := range words {
			m[w] |= uint8(bit)
		}
	}
	return m
}()

// DetectLanguage guesses the language of text from its first ~2,000 bytes
// and returns an ISO 639-1 code, or "" when unsure.
//
// The script decides first: Arabic script gives "fa" when Persian letters
// (پ چ ژ گ and the Persian ی ک) outnumber Arabic-only ones (ي ك ة), "ur" for
// Urdu letters, else "ar"; Cyrillic gives "ru" ("uk" with і ї є ґ, "sr" with
// ђ ј љ њ ћ џ); Han gives "zh" ("ja" with kana); Hangul "ko", Greek "el",
// Hebrew "he", Devanagari "hi", Thai "th". Latin script is told apart by
// stop-word profiles of en, fr, de, es, it, pt and nl, helped by
// language-specific letters (ñ, ß, ã/õ, ij ...); "" when the evidence is thin
// or two languages score alike.
func DetectLanguage(text string) string {
	if len(text) > langSample {
		cut := langSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}

	var (
		latin, cyr, arab, han, kana, hangul, greek, hebrew, deva, thai int
		fa, ar, ur, uk, sr                                             int
		score                                                          [latinLangs]float64
		words                                                          int
		wbuf                                                           [32]byte
		wlen                                                           int
		wlong                                                          bool
	)
	flush := func() {
		if wlen > 0 && !wlong {
			words++
			if mask := stopMask[string(wbuf[:wlen])]; mask != 0 {
				w := 1 / float64(bits.OnesCount8(mask))
				for i := range latinLangs {
					if mask&(1<<i) != 0 {
						score[i] += w
					}
				}
			}
		} else if wlong {
			words++
		}
		wlen, wlong = 0, false
	}
	for _, r := range text {
		switch {
		case r < 0x80:
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				latin++
				if wlen < len(wbuf) {
					wbuf[wlen] = byte(r) | 0x20
					wlen++
				} else {
					wlong = true
				}
				continue
			}
			if r == '\'' && wlen > 0 {
				// "l'homme", "d'un": the elided article is a word
				flush()
				continue
			}
			flush()
			continue
		case unicode.Is(unicode.Latin, r):
			latin++
			lr := unicode.ToLower(r)
			switch lr {
			case 'ñ':
				score[3] += 0.5
			case 'ß':
				score[2] += 1
			case 'ä', 'ö', 'ü':
				score[2] += 0.3
			case 'ã', 'õ':
				score[5] += 0.6
			case 'ç':
				score[1] += 0.2
				score[5] += 0.2
			case 'è', 'ê', 'à', 'ù', 'û', 'î', 'ô', 'ë', 'ï', 'œ':
				score[1] += 0.15
			case 'ì', 'ò':
				score[4] += 0.3
			case 'á', 'í', 'ó', 'ú':
				score[3] += 0.1
				score[5] += 0.1
			}
			if n := utf8.RuneLen(lr); n > 0 && wlen+n <= len(wbuf) {
				utf8.EncodeRune(wbuf[wlen:], lr)
				wlen += n
			} else {
				wlong = true
			}
			continue
		case r == '\u2019' && wlen > 0:
			flush()
			continue
		}
		flush()
		switch {
		case unicode.Is(unicode.Arabic, r):
			arab++
			switch r {
			case 'پ', 'چ', 'ژ', 'گ':
				fa += 3 // never in native Arabic words
			case 'ی', 'ک':
				fa++
			case 'ي', 'ك', 'ة', 'ى':
				ar++
			case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے':
				ur++
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			switch unicode.ToLower(r) {
			case 'і', 'ї', 'є', 'ґ':
				uk++
			case 'ђ', 'ј', 'љ', 'њ', 'ћ', 'џ':
				sr++
			}
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Devanagari, r):
			deva++
		case unicode.Is(unicode.Thai, r):
			thai++
		}
	}
	flush()

	nonLatin := cyr + arab + han + kana + hangul + greek + hebrew + deva + thai
	total := latin + nonLatin
	if total < 6 {
		return ""
	}
	// The dominant script must hold most letters; CJK counts per character
	// and carries far more information per letter, so it needs fewer.
	major := func(n, weight int) bool { return n*weight*2 > total }
	switch {
	case major(arab, 1):
		switch {
		case ur >= 2 && ur*50 >= arab:
			return "ur"
		case fa > ar:
			return "fa"
		default:
			return "ar"
		}
	case major(cyr, 1):
		switch {
		case uk > sr && uk*100 >= cyr:
			return "uk"
		case sr > uk && sr*100 >= cyr:
			return "sr"
		}
		return "ru"
	case major(han+kana, 3):
		if kana*20 >= han+kana {
			return "ja"
		}
		return "zh"
	case major(hangul, 2):
		return "ko"
	case major(greek, 1):
		return "el"
	case major(hebrew, 1):
		return "he"
	case major(deva, 1):
		return "hi"
	case major(thai, 1):
		return "th"
	case latin*2 <= total:
		return ""
	}

	best, second := -1, -1
	for i := range latinLangs {
		if best < 0 || score[i] > score[best] {
			best, second = i, best
		} else if second < 0 || score[i] > score[second] {
			second = i
		}
	}
	b, s := score[best], score[second]
	// Thin evidence: fewer than two stop words' worth, or too few of the
	// words are stop words for a real text in that language (news prose
	// runs at 30–45%).
	if b < 2 || b*100 < float64(words)*8 {
		return ""
	}
	if b < s*1.3 {
		return ""
	}
	return latinCodes[best]
}
