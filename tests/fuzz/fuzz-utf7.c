/*
 * fuzz-utf7.c: libFuzzer target for the IMAP folder-name codec, fed
 * names as a hostile server would send them. Decoding anything never
 * crashes; a name that is valid UTF-8 without NUL survives the trip to
 * the wire and back unchanged (else two folders could collide, or one
 * be fetched into the wrong maildir). Built and run by tests/fuzz/run.
 */
#include "autodefs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mua.h"
#include "utf7.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether S is UTF-8 that encodes only code points of at most 0x10FFFF,
 * no surrogates, no overlong forms. */
static int
valid_utf8(const unsigned char *s)
{
	while (*s != '\0') {
		unsigned c = *s, n, i, cp;
		if (c < 0x80) {
			s++;
			continue;
		}
		n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 0;
		if (n == 0 || c > 0xf4)
			return 0;
		cp = c & (0x3f >> n);
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		s += n + 1;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size), *wire, *back;

	free(utf7_decode(text));
	if (valid_utf8((const unsigned char *)text)) {
		wire = utf7_encode(text);
		back = utf7_decode(wire);
		if (strcmp(back, text) != 0)
			abort();	/* the round trip lost the name */
		free(back);
		free(wire);
	}
	free(text);
	return 0;
}
