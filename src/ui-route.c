/* ui-route.c: the route view; see ui-route.h. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mime.h"
#include "mua.h"
#include "ui-list.h"
#include "ui-route.h"
#include "ui.h"

void
ui_route_delay(long long s, char *buf, size_t size)
{
	char sign = s < 0 ? '-' : '+';
	long long a = s < 0 ? -s : s;

	if (a < 60)
		snprintf(buf, size, "%c%llds", sign, a);
	else if (a < 3600)
		snprintf(buf, size, "%c%lldm%02llds", sign, a / 60, a % 60);
	else if (a < 86400)
		snprintf(buf, size, "%c%lldh%02lldm", sign, a / 3600,
		    a / 60 % 60);
	else
		snprintf(buf, size, "%c%lldd%02lldh", sign, a / 86400,
		    a / 3600 % 24);
}

/* One row of the table for HOP, PREV the hop before (or NULL). */
static char *
row(size_t i, const struct mime_hop *hop, const struct mime_hop *prev)
{
	char when[32] = "no time", delay[48] = "";
	time_t t = (time_t)hop->when;
	struct tm tm;

	if (hop->when >= 0 && localtime_r(&t, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	if (prev != NULL && hop->when >= 0 && prev->when >= 0) {
		ui_route_delay(hop->when - prev->when, delay, sizeof delay);
		if (hop->when < prev->when)
			snprintf(delay + strlen(delay), sizeof delay -
			    strlen(delay), " (clocks disagree)");
	} else if (prev != NULL)
		snprintf(delay, sizeof delay, "?");
	return xasprintf("%3zu  %-28.28s %-28.28s %-8.8s %-19s %s", i + 1,
	    hop->from ? hop->from : "-", hop->by ? hop->by : "-",
	    hop->with ? hop->with : "-", when, delay);
}

void
ui_route_open(struct ui *ui, const char *path)
{
	struct mime_hop *hops = NULL;
	char **lines, *cause = NULL;
	int *kinds;
	size_t n = 0, i;

	if (mime_route(path, &hops, &n, &cause) == -1) {
		ui_error(ui, "%s", cause);
		free(cause);
		return;
	}
	if (n == 0) {
		ui_message(ui, "the message has no Received: headers");
		return;
	}
	lines = xcalloc(n + 1, sizeof *lines);
	kinds = xcalloc(n + 1, sizeof *kinds);
	lines[0] = xasprintf("%3s  %-28s %-28s %-8s %-19s %s", "hop", "from",
	    "by", "with", "time", "delay");
	kinds[0] = UI_HEADER;
	for (i = 0; i < n; i++)
		lines[i + 1] = row(i, &hops[i], i > 0 ? &hops[i - 1] : NULL);
	mime_route_free(hops, n);
	ui_list_open(ui, "route: the Received: headers, oldest first", lines,
	    kinds, n + 1, 0);
}
