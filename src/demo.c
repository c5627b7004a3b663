/*
 * demo.c: builds the demo store. The corpus is a directory with a MANIFEST
 * of lines "FILE FOLDER FLAGS TAGS" (FLAGS "-" for none, TAGS
 * comma-separated or "-") and the message files it names. Its first line
 * "# corpus-digest HEX" changes whenever any message does, so a stamp
 * holding the manifest's digest tells whether DIR is up to date.
 */
#include "autodefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "file.h"
#include "maildir.h"
#include "mua.h"
#include "store.h"

#define DEMO_MARKER ".mua-demo"	/* says "mua may rebuild this directory" */
#define DEMO_STAMP "ready"	/* written last: the store is complete */
#define DEMO_MAX_TAGS 16

/* One MANIFEST line. */
struct demo_entry {
	char *file;
	char *folder;
	char *flags;
	char *tags[DEMO_MAX_TAGS + 1];
	char *path;	/* where it was delivered */
};

char *
demo_default_dir(char **cause)
{
	const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (cache != NULL && *cache == '/')
		return xasprintf("%s/mua/demo", cache);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.cache/mua/demo", home);
	set_cause(cause, "neither XDG_CACHE_HOME nor HOME is set: "
	    "give the demo a directory with --demo-dir");
	return NULL;
}

const char *
demo_corpus_dir(void)
{
	const char *env = getenv("MUA_DEMO_CORPUS");

	if (env != NULL && *env != '\0')
		return env;
	if (access(MUA_DEMO_INSTALLED "/MANIFEST", R_OK) == 0)
		return MUA_DEMO_INSTALLED;
	return MUA_DEMO_SOURCE;
}

char *
demo_mail_root(const char *dir)
{
	return xasprintf("%s/mail", dir);
}

char *
demo_notmuch_config(const char *dir)
{
	return xasprintf("%s/notmuch-config", dir);
}

/* 64-bit FNV-1a: enough to notice that the corpus changed. */
static uint64_t
fnv1a(const char *data, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len-- > 0) {
		h ^= (unsigned char)*data++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Splits LINE (modified in place) into ENTRY; returns -1 on a bad line. */
static int
parse_entry(char *line, struct demo_entry *entry)
{
	char *save = NULL, *tags, *tag;
	size_t n = 0;

	memset(entry, 0, sizeof *entry);
	entry->file = strtok_r(line, " \t", &save);
	entry->folder = strtok_r(NULL, " \t", &save);
	entry->flags = strtok_r(NULL, " \t", &save);
	tags = strtok_r(NULL, " \t", &save);
	if (tags == NULL || strtok_r(NULL, " \t", &save) != NULL ||
	    strchr(entry->file, '/') != NULL || strstr(entry->folder, ".."))
		return -1;
	if (strcmp(entry->flags, "-") == 0)
		entry->flags = (char *)"";
	if (strcmp(tags, "-") == 0)
		return 0;
	for (tag = strtok_r(tags, ",", &save); tag != NULL;
	    tag = strtok_r(NULL, ",", &save)) {
		if (n == DEMO_MAX_TAGS)
			return -1;
		entry->tags[n++] = tag;
	}
	return 0;
}

/*
 * Parses the manifest text (modified in place) into a new array of
 * entries; *n is its length. Returns 0, or -1 with *cause set.
 */
static int
parse_manifest(char *text, const char *name, struct demo_entry **out,
    size_t *n, char **cause)
{
	struct demo_entry *entries = NULL;
	char *line, *save = NULL;
	size_t count = 0, lineno = 0;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		lineno++;	/* strtok_r skips empty lines: close enough */
		if (*line == '#')
			continue;
		entries = xreallocarray(entries, count + 1, sizeof *entries);
		if (parse_entry(line, &entries[count]) == -1) {
			free(entries);
			return set_cause(cause, "%s:%zu: bad manifest line",
			    name, lineno);
		}
		count++;
	}
	*out = entries;
	*n = count;
	return 0;
}

/*
 * Copies the message of ENTRY from CORPUS into its folder under ROOT. The
 * demo store is a cache: one syncfs before the stamp makes the whole batch
 * durable, at a fraction of the cost of syncing every message.
 */
static int
deliver_entry(const char *corpus, const char *root, struct demo_entry *e,
    char **cause)
{
	char *src = xasprintf("%s/%s", corpus, e->file);
	char *folder = xasprintf("%s/%s", root, e->folder);
	char *data = NULL;
	size_t len;
	int rc = -1;

	if (file_read(src, &data, &len, cause) == 0 &&
	    maildir_make(folder, cause) == 0 &&
	    maildir_deliver(folder, data, len, e->flags, MAILDIR_SYNC_LATER,
	    &e->path, cause) == 0)
		rc = 0;
	free(data);
	free(folder);
	free(src);
	return rc;
}

/* Writes the notmuch configuration that makes the demo a normal store. */
static int
write_notmuch_config(const char *dir, char **cause)
{
	char *root = demo_mail_root(dir), *config = demo_notmuch_config(dir);
	char *text = xasprintf("# Written by mua --demo.\n"
	    "[database]\npath=%s\n\n"
	    "[user]\nname=Demo User\nprimary_email=you@demo.example\n\n"
	    "[new]\ntags=unread;inbox;\nignore=\n\n"
	    "[search]\nexclude_tags=deleted;spam;\n\n"
	    "[maildir]\nsynchronize_flags=true\n", root);
	int rc = file_write_atomic(config, text, strlen(text), cause);

	free(text);
	free(config);
	free(root);
	return rc;
}

/* Indexes the delivered ENTRIES into a new database under DIR. */
static int
index_entries(const char *dir, struct demo_entry *entries, size_t n,
    char **cause)
{
	char *root = demo_mail_root(dir), *config = demo_notmuch_config(dir);
	struct store *store = NULL;
	size_t i;
	int rc = -1;

	if (store_create(root, config, &store, cause) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (store_index_file(store, entries[i].path,
		    (const char *const *)entries[i].tags, cause) == -1)
			break;
	if (i == n)
		rc = store_close(store, cause);
	else
		store_close(store, NULL);
out:
	free(config);
	free(root);
	return rc;
}

/* Delivers and indexes the whole corpus into the empty store DIR. */
static int
populate(const char *corpus, const char *dir, char *manifest,
    char **cause)
{
	char *root = demo_mail_root(dir);
	struct demo_entry *entries = NULL;
	size_t n = 0, i;
	int rc = -1;

	if (parse_manifest(manifest, "MANIFEST", &entries, &n, cause) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (deliver_entry(corpus, root, &entries[i], cause) == -1)
			goto out;
	if (write_notmuch_config(dir, cause) == 0 &&
	    index_entries(dir, entries, n, cause) == 0)
		rc = 0;
out:
	for (i = 0; i < n; i++)
		free(entries[i].path);
	free(entries);
	free(root);
	return rc;
}

/*
 * Makes sure DIR exists and is ours: created here, or marked as a demo
 * store by an earlier run. A foreign non-empty directory is refused, since
 * a rebuild deletes what is in it.
 */
static int
claim_dir(const char *dir, char **cause)
{
	char *marker = xasprintf("%s/" DEMO_MARKER, dir);
	int rc = 0;

	if (access(marker, F_OK) == 0)
		goto out;
	if (file_make_dirs(dir, cause) == -1) {
		rc = -1;
		goto out;
	}
	/* rmdir() succeeds only on an empty directory: then it's ours. */
	if (rmdir(dir) == -1) {
		rc = errno == ENOTEMPTY || errno == EEXIST ?
		    set_cause(cause, "%s is not empty and is not a mua demo "
		    "store: choose another --demo-dir", dir) :
		    set_cause(cause, "can't use %s: %s", dir, strerror(errno));
		goto out;
	}
	if (file_make_dirs(dir, cause) == -1 ||
	    file_write_atomic(marker, "", 0, cause) == -1)
		rc = -1;
out:
	free(marker);
	return rc;
}

/* Takes the builder's lock, waiting for a concurrent build to finish. */
static int
lock_dir(const char *dir, char **cause)
{
	char *path = xasprintf("%s/.lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd == -1 || flock(fd, LOCK_EX) == -1) {
		set_cause(cause, "can't lock %s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

/* Returns whether the stamp in DIR says it was built from DIGEST. */
static int
is_current(const char *dir, const char *digest)
{
	char *stamp = xasprintf("%s/" DEMO_STAMP, dir), *text = NULL;
	size_t len;
	int current = 0;

	if (file_read(stamp, &text, &len, NULL) == 0)
		current = strcmp(text, digest) == 0;
	free(text);
	free(stamp);
	return current;
}

/* Removes whatever a crashed or older build left in DIR. */
static int
clear_dir(const char *dir, char **cause)
{
	char *stamp = xasprintf("%s/" DEMO_STAMP, dir);
	char *root = demo_mail_root(dir), *config = demo_notmuch_config(dir);
	int rc = -1;

	if ((unlink(stamp) == -1 && errno != ENOENT) ||
	    (unlink(config) == -1 && errno != ENOENT))
		set_cause(cause, "can't clear %s: %s", dir, strerror(errno));
	else
		rc = file_remove_tree(root, cause);
	free(config);
	free(root);
	free(stamp);
	return rc;
}

int
demo_build(const char *corpus, const char *dir, char **cause)
{
	char *name = xasprintf("%s/MANIFEST", corpus), *manifest = NULL;
	char *digest = NULL, *stamp = xasprintf("%s/" DEMO_STAMP, dir);
	size_t len;
	int lock = -1, rc = -1;

	if (file_read(name, &manifest, &len, cause) == -1)
		goto out;
	digest = xasprintf("%016llx\n",
	    (unsigned long long)fnv1a(manifest, len));
	if (claim_dir(dir, cause) == -1 || (lock = lock_dir(dir, cause)) == -1)
		goto out;
	if (is_current(dir, digest)) {
		rc = 0;
		goto out;
	}
	if (clear_dir(dir, cause) == 0 &&
	    populate(corpus, dir, manifest, cause) == 0 &&
	    file_sync_fs(dir, cause) == 0)
		rc = file_write_atomic(stamp, digest, strlen(digest), cause);
out:
	if (lock != -1)
		close(lock);
	free(stamp);
	free(digest);
	free(manifest);
	free(name);
	return rc;
}
