/*
 * utf7.c: IMAP folder names in modified UTF-7 (RFC 3501 5.1.3), which
 * libetpan leaves to its users: "Entw&APw-rfe" is "Entwürfe". Printable
 * ASCII stands for itself, "&-" for "&", and "&...-" holds UTF-16 in a
 * base64 whose "/" is ",".
 */
#include "autodefs.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "mua.h"
#include "utf7.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

static int
b64_value(char c)
{
	const char *p = c != '\0' ? strchr(b64, c) : NULL;

	return p != NULL ? (int)(p - b64) : -1;
}

/* Decodes the base64 run at *P (after '&') up to '-'; 0 or -1. */
static int
decode_run(const char **p, struct buf *out)
{
	uint32_t bits = 0, high = 0;
	int nbits = 0, v;

	for (; **p != '-'; (*p)++) {
		if ((v = b64_value(**p)) == -1)
			return -1;
		bits = bits << 6 | (uint32_t)v;
		if ((nbits += 6) < 16)
			continue;
		nbits -= 16;
		uint32_t unit = bits >> nbits & 0xffff;
		if (unit >= 0xd800 && unit < 0xdc00)
			high = unit;
		else if (unit >= 0xdc00 && unit < 0xe000 && high != 0) {
			buf_add_utf8(out, 0x10000 + ((high - 0xd800) << 10) +
			    (unit - 0xdc00));
			high = 0;
		} else
			buf_add_utf8(out, unit);
	}
	(*p)++;		/* the '-' */
	return 0;
}

char *
utf7_decode(const char *name)
{
	struct buf out = { NULL, 0, 0 };
	const char *p = name;

	while (*p != '\0') {
		if (*p != '&') {
			buf_addc(&out, *p++);
			continue;
		}
		p++;
		if (*p == '-') {
			buf_addc(&out, '&');
			p++;
		} else if (strchr(p, '-') == NULL || decode_run(&p, &out) == -1) {
			buf_free(&out);
			return xstrdup(name);	/* not modified UTF-7: as is */
		}
	}
	return buf_take(&out);
}

/* Appends the UTF-16 unit U to the base64 run in BITS/NBITS. */
static void
put_unit(struct buf *b, uint32_t u, uint32_t *bits, int *nbits)
{
	*bits = *bits << 16 | u;
	*nbits += 16;
	while (*nbits >= 6) {
		*nbits -= 6;
		buf_addc(b, b64[*bits >> *nbits & 63]);
	}
}

char *
utf7_encode(const char *name)
{
	struct buf out = { NULL, 0, 0 };
	const unsigned char *p = (const unsigned char *)name;
	uint32_t bits = 0, c;
	int nbits = 0, in_run = 0, n;

	while (*p != '\0') {
		if (*p >= 0x20 && *p < 0x7f) {
			if (in_run) {
				if (nbits > 0)
					buf_addc(&out, b64[bits << (6 - nbits) & 63]);
				buf_addc(&out, '-');
				in_run = nbits = 0;
			}
			buf_adds(&out, *p == '&' ? "&-" : (char[]){ (char)*p, 0 });
			p++;
			continue;
		}
		/* A UTF-8 sequence (invalid bytes become U+FFFD). */
		n = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc0 ? 1 : 0;
		c = n == 0 ? (*p < 0x80 ? *p : 0xfffd) : *p & (0x3f >> n);
		for (p++; n > 0 && (*p & 0xc0) == 0x80; n--, p++)
			c = c << 6 | (*p & 0x3f);
		if (!in_run) {
			buf_addc(&out, '&');
			in_run = 1;
		}
		if (c >= 0x10000) {
			put_unit(&out, 0xd800 + ((c - 0x10000) >> 10), &bits, &nbits);
			put_unit(&out, 0xdc00 + ((c - 0x10000) & 0x3ff), &bits,
			    &nbits);
		} else
			put_unit(&out, c, &bits, &nbits);
	}
	if (in_run) {
		if (nbits > 0)
			buf_addc(&out, b64[bits << (6 - nbits) & 63]);
		buf_addc(&out, '-');
	}
	return buf_take(&out);
}
