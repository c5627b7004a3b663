/*
 * main.c: the command line. It parses options and hands over to one verb;
 * each verb lives in its own mua-*.c.
 */
#include "autodefs.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mua-compose.h"
#include "mua-config.h"
#include "crash-trace.h"
#include "mua-demo.h"
#include "mua-idle.h"
#include "mua-send.h"
#include "mua-sync.h"
#include "mua-trust.h"
#include "mua-ui.h"
#include "mua.h"
#include "store.h"
#include "trace.h"

/* Everything mua accepts, and nothing it doesn't: tests/e2e checks this. */
static const char usage_text[] =
    "usage: mua [-F FILE] [-q QUERY]\n"
    "       mua [-F FILE] [-q QUERY] --demo [--demo-dir DIR]\n"
    "       mua [-F FILE] --check-config | --dump-config\n"
    "       mua [-F FILE] [--trace FILE] sync [-n] [ACCOUNT...]\n"
    "       mua [-F FILE] [--trace FILE] trust ACCOUNT\n"
    "       mua [-F FILE] [--trace FILE] send [-s SUBJECT] [-c ADDR]... [-b ADDR]...\n"
    "                   [-a FILE]... [--sign] [--encrypt] [--plain] [-D] [ADDR...]\n"
    "       mua [-F FILE] [--trace FILE] send -R MESSAGE... ADDR...\n"
    "       mua [-F FILE] [--trace FILE] idle ACCOUNT [FOLDER]\n"
    "       mua [-F FILE] compose [-s SUBJECT] [-c ADDR]... [-b ADDR]... [-a FILE]...\n"
    "                   [--reply|--group|--list|--forward|--draft MESSAGE]\n"
    "                   [--queue-only] [ADDR... | mailto:URI]\n"
    "       mua [-F FILE] mailto:URI\n"
    "       mua --help | --version\n"
    "\n"
    "  --check-config   report every error in the configuration and exit\n"
    "Without an option, mua opens your notmuch mail store; \"sync\"\n"
    "fetches new mail for the accounts named, or all of them; \"trust\"\n"
    "shows the certificates of an account's servers and pins them;\n"
    "\"send\" sends the queued messages, after queuing one from standard\n"
    "input to the ADDRs given (or bouncing each MESSAGE to them); \"idle\"\n"
    "watches a folder and says when the server tells of a change.\n"
    "\n"
    "  --demo           open mua on a bundled demo mail store (no account\n"
    "                   needed), building it on first use; not on a\n"
    "                   terminal, print what it holds\n"
    "  --demo-dir DIR   keep the demo store in DIR instead of\n"
    "                   $XDG_CACHE_HOME/mua/demo\n"
    "  --dump-config    print the effective configuration and exit\n"
    "  -F FILE          read FILE instead of ~/.muarc\n"
    "  -h, --help       show this help and exit\n"
    "  -q QUERY         open the notmuch QUERY instead of default_query\n"
    "  --trace FILE     append the protocol conversation to FILE, with\n"
    "                   passwords and tokens redacted\n"
    "  -V, --version    show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 usage or configuration "
    "error,\n3 (idle) the server has no IDLE.\n"
    "See mua(1) and muarc(5).\n";

enum {
	OPT_DEMO = 256, OPT_DEMO_DIR, OPT_CHECK_CONFIG, OPT_DUMP_CONFIG,
	OPT_TRACE,
};

static const struct option long_options[] = {
	{ "check-config", no_argument, NULL, OPT_CHECK_CONFIG },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "demo-dir", required_argument, NULL, OPT_DEMO_DIR },
	{ "dump-config", no_argument, NULL, OPT_DUMP_CONFIG },
	{ "help", no_argument, NULL, 'h' },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* What the command line asked for: at most one verb. */
struct args {
	int verb;	/* OPT_DEMO, OPT_CHECK_CONFIG, OPT_DUMP_CONFIG or 0 */
	const char *demo_dir;
	const char *file;	/* -F */
	const char *query;	/* -q */
	const char *trace;	/* --trace */
};

/* Reports a usage error about ARG (may be NULL) and returns the code. */
static int
usage_error(const char *what, const char *arg)
{
	const char *end = strstr(usage_text, "\n\n");

	if (what != NULL)
		fprintf(stderr, "mua: %s%s%s\n", what, arg ? ": " : "",
		    arg ? arg : "");
	/* The synopsis only: the whole help would push the error away. */
	fprintf(stderr, "%.*s\n(mua --help says more)\n",
	    end ? (int)(end - usage_text) : (int)strlen(usage_text), usage_text);
	return MUA_EXIT_USAGE;
}

static void
version(void)
{
	printf("mua %s\n", PACKAGE_VERSION);
	printf("notmuch library %s\n", store_library_version());
}

int
main(int argc, char **argv)
{
	struct args args = { 0, NULL, NULL, NULL, NULL };
	char *cause = NULL;
	int c;

	crash_trace_init();
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:F:hq:V", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return MUA_EXIT_OK;
		case 'V':
			version();
			return MUA_EXIT_OK;
		case OPT_DEMO:
		case OPT_CHECK_CONFIG:
		case OPT_DUMP_CONFIG:
			if (args.verb != 0 && args.verb != c)
				return usage_error("give one of --demo, "
				    "--check-config and --dump-config", NULL);
			args.verb = c;
			break;
		case 'F':
			args.file = optarg;
			break;
		case 'q':
			args.query = optarg;
			break;
		case OPT_DEMO_DIR:
			args.demo_dir = optarg;
			break;
		case OPT_TRACE:
			args.trace = optarg;
			break;
		case ':':
			return usage_error("option needs an argument",
			    argv[optind - 1]);
		default:
			return usage_error("unknown option", argv[optind - 1]);
		}
	}
	if (args.trace != NULL && (optind == argc ||
	    (strcmp(argv[optind], "sync") != 0 &&
	    strcmp(argv[optind], "trust") != 0 &&
	    strcmp(argv[optind], "idle") != 0 &&
	    strcmp(argv[optind], "send") != 0)))
		return usage_error("--trace goes with sync, trust, send or idle",
		    NULL);
	if (args.trace != NULL && trace_open(args.trace, &cause) == -1) {
		fprintf(stderr, "mua: --trace: %s\n", cause);
		free(cause);
		return MUA_EXIT_FAILURE;
	}
	if (optind < argc && args.verb == 0 && args.query == NULL) {
		if (strcmp(argv[optind], "sync") == 0)
			return mua_sync(args.file, argv + optind + 1,
			    argc - optind - 1);
		if (strcmp(argv[optind], "compose") == 0)
			return mua_compose(args.file, argc - optind,
			    argv + optind);
		if (strncasecmp(argv[optind], "mailto:", 7) == 0)
			return mua_compose(args.file, argc - optind + 1,
			    argv + optind - 1);
		if (strcmp(argv[optind], "send") == 0)
			return mua_send(args.file, argc - optind, argv + optind);
		if (strcmp(argv[optind], "idle") == 0)
			return mua_idle(args.file, argc - optind, argv + optind);
		if (strcmp(argv[optind], "trust") == 0)
			return optind + 2 == argc ? mua_trust(args.file,
			    argv[optind + 1]) : usage_error("trust takes one "
			    "account", NULL);
	}
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (args.demo_dir != NULL && args.verb != OPT_DEMO)
		return usage_error("--demo-dir needs --demo", NULL);
	if (args.query != NULL && args.verb != OPT_DEMO && args.verb != 0)
		return usage_error("-q opens the UI: not with that option", NULL);
	switch (args.verb) {
	case OPT_DEMO:
		return mua_demo(args.demo_dir, args.file, args.query);
	case OPT_CHECK_CONFIG:
		return mua_check_config(args.file);
	case OPT_DUMP_CONFIG:
		return mua_dump_config(args.file);
	}
	return mua_ui(args.file, NULL, NULL, args.query);
}
