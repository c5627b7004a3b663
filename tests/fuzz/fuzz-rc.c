/*
 * fuzz-rc.c: libFuzzer target for the .muarc language (rc.c), text a
 * user writes by hand and mua writes for its children (config_dump). Any
 * text reads without a crash, each mistake as an error line; and a
 * configuration that read cleanly, dumped and read again, dumps the same
 * (else a child of the UI would run with another configuration).
 * Built and run by tests/fuzz/run.
 */
#include "autodefs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mua.h"
#include "rc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rc_errors errors = { NULL, 0 }, again = { NULL, 0 };
	struct config *config = config_new(), *reread = config_new();
	char *text = xstrndup((const char *)data, size), *dump, *dump2;

	/* source reads other files: /dev/zero would never end. */
	if (strstr(text, "source") != NULL) {
		free(text);
		config_free(reread);
		config_free(config);
		return 0;
	}
	rc_parse_string(config, "fuzz", text, &errors);
	dump = config_dump(config, 1);
	if (errors.n == 0) {
		rc_parse_string(reread, "dump", dump, &again);
		dump2 = config_dump(reread, 1);
		if (again.n != 0 || strcmp(dump, dump2) != 0)
			abort();
		free(dump2);
	}
	free(dump);
	rc_errors_clear(&again);
	rc_errors_clear(&errors);
	config_free(reread);
	config_free(config);
	free(text);
	return 0;
}
