/* ui-route.h: the route view: where a message went and where it waited. */
#ifndef UI_ROUTE_H
#define UI_ROUTE_H

struct ui;

/*
 * Shows the Received: hops of the message file PATH as a table (from, by,
 * with, time, delay since the previous hop). A failure is said in the
 * status line.
 */
void ui_route_open(struct ui *ui, const char *path);

/* Writes the delay of SECONDS as "+4s", "+6m30s", "+2h05m", "+3d04h". */
void ui_route_delay(long long seconds, char *buf, size_t size);

#endif
