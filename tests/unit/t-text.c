/* t-text.c: safe display text, column widths, dates. */
#include "autodefs.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "mua.h"
#include "test.h"
#include "text.h"
#include "utf7.h"

static void
check_sanitize(const char *in, const char *want, const char *what)
{
	char *got = text_sanitize(in);

	is_str(got, want, "sanitize: %s", what);
	free(got);
}

static void
check_fit(const char *in, int width, int pad, const char *want)
{
	char *got = text_fit(in, width, pad);

	is_str(got, want, "fit \"%s\" in %d%s", in, width, pad ? ", padded" : "");
	free(got);
}

/* Wraps IN at WIDTH; checks the lines joined with '|'. */
static void
check_wrap(const char *in, int width, const char *want)
{
	size_t n, i;
	char **lines = text_wrap(in, width, &n);
	char *joined = xstrdup(""), *next;

	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", joined, i ? "|" : "", lines[i]);
		free(joined);
		joined = next;
		free(lines[i]);
	}
	free(lines);
	is_str(joined, want, "wrap \"%s\" at %d", in, width);
	free(joined);
}

int
main(void)
{
	char buf[32];
	time_t now = 1795400000;	/* 2026-11-23 */

	setenv("TZ", "UTC", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	check_sanitize("plain text", "plain text", "plain text is kept");
	check_sanitize("caf\xc3\xa9 \xe9\x99\x88", "café 陈", "UTF-8 is kept");
	check_sanitize("a\x1b[2Jb", "a^[[2Jb", "CSI clear screen is visible");
	check_sanitize("\x1b]52;c;cm0=\x07", "^[]52;c;cm0=^G",
	    "an OSC 52 clipboard write is visible");
	check_sanitize("x\xc2\x9b" "31m", "x<U+009B>31m",
	    "the one-byte C1 CSI is visible");
	check_sanitize("Invoice \xe2\x80\xae" "gpj.exe",
	    "Invoice <U+202E>gpj.exe", "a right-to-left override is visible");
	check_sanitize("bad \xff\xfe bytes", "bad \xef\xbf\xbd\xef\xbf\xbd bytes",
	    "invalid UTF-8 becomes U+FFFD");
	check_sanitize("over\xc0\xaflong", "over\xef\xbf\xbd\xef\xbf\xbdlong",
	    "an overlong encoding is invalid");
	check_sanitize("tab\there\r\n", "tab^Ihere^M^J", "tabs and newlines too");
	is_int(text_width("abc"), 3, "ASCII: one column each");
	is_int(text_width("陈伟"), 4, "CJK: two columns each");
	is_int(text_width("Zoë"), 3, "a precomposed accent: one column");
	check_fit("hello", 10, 0, "hello");
	check_fit("hello", 8, 1, "hello   ");
	check_fit("hello world", 8, 0, "hello w…");
	check_fit("陈伟陈伟", 5, 1, "陈伟…");
	check_fit("陈伟陈伟", 6, 1, "陈伟… ");
	check_fit("陈伟", 4, 0, "陈伟");
	check_fit("abc", 0, 1, "");
	text_date(now - 3600, now, buf, sizeof buf);
	ok(strlen(buf) == 5 && buf[2] == ':', "today: the time (%s)", buf);
	text_date(now - 86400 * 40, now, buf, sizeof buf);
	is_str(buf, "Oct 14", "this year: month and day");
	text_date(now - 86400 * 400, now, buf, sizeof buf);
	is_str(buf, "Oct '25", "before: month and year");
	is_int(text_date_width(), 7, "in C, the widest date takes 7 columns");
	check_wrap("the quick brown fox", 10, "the quick|brown fox");
	check_wrap("short", 10, "short");
	check_wrap("", 10, "");
	check_wrap("abcdefghijkl", 5, "abcde|fghij|kl");
	check_wrap("陈伟陈伟陈", 4, "陈伟|陈伟|陈");
	check_wrap("a  b", 2, "a|b");
	{
		char *t = text_expand_tabs("a\tb\t\tc");
		is_str(t, "a       b               c", "tabs to multiples of 8");
		free(t);
	}
	{
		const char *s = "see https://example.org/a?b=1. and (http://x.y/(z)) "
		    "mailto:me@x.org, not http:// or ftp:";
		size_t st, en, from = 0;
		char *found = xstrdup(""), *next;
		while (text_url_next(s, from, &st, &en)) {
			next = xasprintf("%s[%.*s]", found, (int)(en - st), s + st);
			free(found);
			found = next;
			from = en;
		}
		is_str(found, "[https://example.org/a?b=1][http://x.y/(z)]"
		    "[mailto:me@x.org]", "URLs found, trailing punctuation left");
		free(found);
	}
	{
		static const char *const pairs[][2] = {
			{ "INBOX", "INBOX" }, { "Entwürfe", "Entw&APw-rfe" },
			{ "Tom & Jerry", "Tom &- Jerry" },
			{ "日本語", "&ZeVnLIqe-" }, { "a😀b", "a&2D3eAA-b" },
			{ "Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-" },
		};
		for (size_t i = 0; i < nitems(pairs); i++) {
			char *e = utf7_encode(pairs[i][0]);
			char *d = utf7_decode(pairs[i][1]);
			is_str(e, pairs[i][1], "modified UTF-7 of %s", pairs[i][0]);
			is_str(d, pairs[i][0], "and back from %s", pairs[i][1]);
			free(e);
			free(d);
		}
		char *bad = utf7_decode("broken &%%- name");
		is_str(bad, "broken &%%- name", "a name that isn't UTF-7 is kept");
		free(bad);
	}
	{
		static const char *const vectors[][2] = {	/* RFC 4648 */
			{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
			{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
			{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
		};
		for (size_t i = 0; i < nitems(vectors); i++) {
			struct buf b = { NULL, 0, 0 };
			buf_add_base64(&b, vectors[i][0], strlen(vectors[i][0]));
			char *got = buf_take(&b);
			is_str(got, vectors[i][1], "base64 of \"%s\"",
			    vectors[i][0]);
			free(got);
		}
	}
	return test_done();
}
