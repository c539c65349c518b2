package corpus

import (
	"strings"
	"testing"
)

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		want, text string
	}{
		{"en", "The minister said on Sunday that the talks with the other countries would resume in Vienna next week."},
		{"en", "It was not clear when the vote would take place, but officials said they expected it this month."},
		{"fr", "Le ministre a déclaré dimanche que les négociations avec les autres pays reprendraient la semaine prochaine à Vienne."},
		{"fr", "Selon le gouvernement, il n'y a pas eu de victimes dans l'incendie qui a touché le centre de la ville."},
		{"de", "Der Minister sagte am Sonntag, dass die Gespräche mit den anderen Ländern in der nächsten Woche in Wien fortgesetzt werden."},
		{"de", "Die Regierung hat sich noch nicht zu dem Bericht geäußert, der am Freitag veröffentlicht wurde."},
		{"es", "El ministro dijo el domingo que las negociaciones con los otros países se reanudarán la próxima semana en Viena."},
		{"es", "Según el gobierno, no hubo víctimas en el incendio que afectó al centro de la ciudad."},
		{"it", "Il ministro ha detto domenica che i negoziati con gli altri paesi riprenderanno la prossima settimana a Vienna."},
		{"pt", "O ministro disse no domingo que as negociações com os outros países serão retomadas na próxima semana em Viena."},
		{"nl", "De minister zei zondag dat de gesprekken met de andere landen volgende week in Wenen worden hervat."},
		{"ru", "Министр заявил в воскресенье, что переговоры с другими странами возобновятся на следующей неделе в Вене."},
		{"uk", "Міністр заявив у неділю, що переговори з іншими країнами відновляться наступного тижня у Відні."},
		{"ar", "قال الوزير يوم الأحد إن المحادثات مع الدول الأخرى ستستأنف الأسبوع المقبل في فيينا."},
		{"fa", "وزیر امور خارجه روز یکشنبه گفت که مذاکرات با کشورهای دیگر هفته آینده در وین از سر گرفته می‌شود."},
		// Persian typed with Arabic yeh and kaf still has پ چ ژ گ
		{"fa", "وزير امور خارجه روز يكشنبه گفت كه مذاكرات با كشورهاي ديگر هفته آينده در وين از سر گرفته مي شود و پيشرفت چشمگير است."},
		{"ur", "وزیر خارجہ نے اتوار کو کہا کہ دوسرے ممالک کے ساتھ مذاکرات اگلے ہفتے ویانا میں دوبارہ شروع ہوں گے۔"},
		{"zh", "外交部长周日表示，与其他国家的谈判将于下周在维也纳恢复。"},
		{"ja", "外務大臣は日曜日、他の国々との交渉が来週ウィーンで再開されると述べた。"},
		{"ko", "외무장관은 일요일 다른 나라들과의 협상이 다음 주 빈에서 재개될 것이라고 말했다."},
		{"el", "Ο υπουργός δήλωσε την Κυριακή ότι οι συνομιλίες θα συνεχιστούν την επόμενη εβδομάδα στη Βιέννη."},
		{"he", "השר אמר ביום ראשון כי השיחות עם המדינות האחרות יתחדשו בשבוע הבא בווינה."},
		// mixed: an English article quoting a Persian phrase stays English
		{"en", "The slogan, which was printed on banners across the city, read \"آزادی\" in large letters, and it was seen by thousands of people who had gathered there."},
		// unsure
		{"", ""},
		{"", "12345 678 90"},
		{"", "Trump Obama Merkel"},
		{"", "Ok"},
		{"", "Saya pergi ke pasar kemarin pagi bersama teman saya untuk membeli sayur."}, // Indonesian: not profiled
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDetectLanguageLooksAtTheStartOnly(t *testing.T) {
	en := strings.Repeat("The minister said that the talks would resume next week. ", 50)
	fr := strings.Repeat("Le ministre a dit que les négociations reprendraient la semaine prochaine. ", 50)
	if got := DetectLanguage(en + fr); got != "en" {
		t.Errorf("got %q, want en", got)
	}
	// A cut in the middle of a multi-byte rune must not matter.
	ru := strings.Repeat("переговоры ", 400)
	if got := DetectLanguage(ru[1:]); got != "ru" {
		t.Errorf("got %q, want ru", got)
	}
}

func BenchmarkDetectLanguage(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(min(len(text), langSample)))
	b.ReportAllocs()
	for b.Loop() {
		DetectLanguage(text)
	}
}
