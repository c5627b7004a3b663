/* color.c: parsing and writing colour specifications. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color.h"
#include "mua.h"
#include "suggest.h"

const char *const color_objects[] = {
	"error", "header", "index.authors", "index.cursor", "index.date",
	"index.flagged", "index.marked", "index.subject", "index.tags",
	"index.unread", "quote1", "quote2", "quote3", "sidebar",
	"sidebar.current", "signature", "status", "url", NULL,
};

static const char *const attr_names[] = { "bold", "dim", "underline",
	"reverse", "italic", "blink", "standout", NULL };

static const char *const color_names[] = { "black", "red", "green",
	"yellow", "blue", "magenta", "cyan", "white", "brightblack",
	"brightred", "brightgreen", "brightyellow", "brightblue",
	"brightmagenta", "brightcyan", "brightwhite", "default", NULL };

static int
parse_object(const char *word, char **cause)
{
	size_t i;

	if (strncmp(word, "tag.", 4) == 0 && word[4] != '\0')
		return 0;
	for (i = 0; color_objects[i] != NULL; i++)
		if (strcmp(color_objects[i], word) == 0)
			return 0;
	return set_cause(cause, "unknown colour object \"%s\"%s", word,
	    suggest_hint(word, color_objects, sizeof *color_objects));
}

/* Returns the attribute bit of WORD, or 0. */
static unsigned
parse_attr(const char *word)
{
	size_t i;

	for (i = 0; attr_names[i] != NULL; i++)
		if (strcmp(attr_names[i], word) == 0)
			return 1u << i;
	return 0;
}

static int
parse_color(const char *word, int *color, char **cause)
{
	char *end;
	size_t i;
	long n;

	for (i = 0; color_names[i] != NULL; i++)
		if (strcmp(color_names[i], word) == 0) {
			*color = i == 16 ? COLOR_DEFAULT : (int)i;
			return 0;
		}
	if (strncmp(word, "color", 5) == 0 && word[5] != '\0') {
		n = strtol(word + 5, &end, 10);
		if (*end == '\0' && n >= 0 && n <= 255) {
			*color = (int)n;
			return 0;
		}
	}
	return set_cause(cause, "unknown colour \"%s\"%s (colours: black, red, "
	    "..., white, bright..., color0-color255, default)", word,
	    suggest_hint(word, color_names, sizeof *color_names));
}

int
color_parse(const char *const *w, size_t n, struct color_spec *spec,
    size_t *bad, char **cause)
{
	unsigned a;

	memset(spec, 0, sizeof *spec);
	*bad = 0;
	if (n < 3)
		return set_cause(cause, "usage: color OBJECT [ATTRIBUTE...] "
		    "FOREGROUND BACKGROUND");
	if (parse_object(w[0], cause) == -1)
		return -1;
	for (*bad = 1; *bad < n - 2; (*bad)++) {
		if ((a = parse_attr(w[*bad])) == 0)
			return set_cause(cause, "unknown attribute \"%s\"%s",
			    w[*bad], suggest_hint(w[*bad], attr_names,
			    sizeof *attr_names));
		spec->attrs |= a;
	}
	if (parse_color(w[n - 2], &spec->fg, cause) == -1)
		return -1;
	*bad = n - 1;
	if (parse_color(w[n - 1], &spec->bg, cause) == -1)
		return -1;
	spec->object = xstrdup(w[0]);
	return 0;
}

static void
append_color(char *buf, size_t size, int color)
{
	size_t len = strlen(buf);

	if (color == COLOR_DEFAULT)
		snprintf(buf + len, size - len, " default");
	else if (color < 16)
		snprintf(buf + len, size - len, " %s", color_names[color]);
	else
		snprintf(buf + len, size - len, " color%d", color);
}

char *
color_format(const struct color_spec *spec)
{
	char buf[512] = "";
	size_t i;

	for (i = 0; attr_names[i] != NULL; i++)
		if (spec->attrs & (1u << i)) {
			strncat(buf, " ", sizeof buf - strlen(buf) - 1);
			strncat(buf, attr_names[i], sizeof buf - strlen(buf) - 1);
		}
	append_color(buf, sizeof buf, spec->fg);
	append_color(buf, sizeof buf, spec->bg);
	return xstrdup(buf + 1);
}

void
color_spec_clear(struct color_spec *spec)
{
	free(spec->object);
	spec->object = NULL;
}
