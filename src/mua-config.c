/* mua-config.c: checking and showing the configuration from the shell. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "mua-config.h"
#include "mua.h"

/* Loads FILE into a new configuration; prints errors, returns their count. */
static size_t
load(const char *file, struct config **out)
{
	struct rc_errors errors = { NULL, 0 };
	size_t i, n;

	*out = config_new();
	n = config_load(*out, file, &errors);
	for (i = 0; i < errors.n; i++)
		fprintf(stderr, "%s\n", errors.lines[i]);
	rc_errors_clear(&errors);
	return n;
}

int
mua_check_config(const char *file)
{
	struct config *config;
	size_t n = load(file, &config);

	config_free(config);
	return n > 0 ? MUA_EXIT_USAGE : MUA_EXIT_OK;
}

int
mua_dump_config(const char *file)
{
	struct config *config;
	char *text;

	if (load(file, &config) > 0) {
		config_free(config);
		return MUA_EXIT_USAGE;
	}
	text = config_dump(config, 0);
	fputs(text, stdout);
	free(text);
	config_free(config);
	return MUA_EXIT_OK;
}
