/*
 * imap.h: what the IMAP modules (sync-imap, fetch-imap, pull-imap,
 * push-imap) share about libetpan: its errors for a person, and flags.
 */
#ifndef MUA_IMAP_H
#define MUA_IMAP_H

#include <libetpan/libetpan.h>

/* What went wrong, for a person: libetpan's error R, or the server's
 * own words when it said NO or BAD. */
const char *imap_why(mailimap *imap, int r);

/* Enables QRESYNC (RFC 7162) where the server has it, before any SELECT:
 * expunges are then told as VANISHED (pull-imap.h). A refusal leaves
 * things as they were. */
void imap_enable_qresync(mailimap *imap);

/* The flagmap.h bits of a FETCH answer's flags (mailimap_flag_fetch). */
unsigned imap_bits(clist *flags);

/* The flagmap.h flags the selected folder keeps (PERMANENTFLAGS): the
 * system flags always, $Forwarded and keywords when listed or when new
 * keywords may be made (\\*). */
unsigned imap_kept_flags(mailimap *imap);

/* The flags and keywords of BITS as a libetpan flag list. */
struct mailimap_flag_list *imap_flag_list(unsigned bits);

/* A progress function that does nothing: libetpan hands whole FETCH
 * answers to a message handler only while one is set. */
void imap_no_progress(size_t current, size_t maximum, void *arg);

#endif
