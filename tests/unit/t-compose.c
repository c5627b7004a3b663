/* t-compose: reply recipients, draft templates, draft parsing. */
#include "autodefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "file.h"
#include "mime-build.h"
#include "mua.h"
#include "rc.h"
#include "test.h"

/* One reply case: the original's headers, the mode, what we expect. */
struct reply_case {
	const char *what;
	const char *from, *to, *cc, *reply_to, *followup, *list_post;
	enum compose_kind kind;
	const char *want_to, *want_cc;
};

static const struct reply_case cases[] = {
	{ "reply goes to the sender", "Ann <ann@x.org>", "me@my.org",
	  "bob@x.org", "", "", NULL, COMPOSE_REPLY, "Ann <ann@x.org>", "" },
	{ "reply honours Reply-To", "Ann <ann@x.org>", "me@my.org", "",
	  "Desk <desk@x.org>", "", NULL, COMPOSE_REPLY,
	  "Desk <desk@x.org>", "" },
	{ "group reply: everyone but me in Cc", "Ann <ann@x.org>",
	  "me@my.org, Bob <bob@x.org>", "carol@x.org, ME@MY.ORG", "", "",
	  NULL, COMPOSE_GROUP, "Ann <ann@x.org>",
	  "Bob <bob@x.org>, carol@x.org" },
	{ "group reply: the sender is not repeated in Cc", "ann@x.org",
	  "ann@x.org, bob@x.org", "", "", "", NULL, COMPOSE_GROUP,
	  "ann@x.org", "bob@x.org" },
	{ "group reply honours Mail-Followup-To", "ann@x.org",
	  "me@my.org, bob@x.org", "carol@x.org", "",
	  "list@lists.org, me@my.org", NULL, COMPOSE_GROUP,
	  "list@lists.org", "" },
	{ "group reply with Reply-To: it replaces From", "ann@x.org",
	  "me@my.org, bob@x.org", "", "list@lists.org", "", NULL,
	  COMPOSE_GROUP, "list@lists.org", "bob@x.org" },
	{ "reply to my own message goes to its recipients",
	  "Me <me@my.org>", "ann@x.org", "bob@x.org", "", "", NULL,
	  COMPOSE_REPLY, "ann@x.org", "" },
	{ "group reply to my own message keeps its Cc", "me@my.org",
	  "ann@x.org", "bob@x.org", "", "", NULL, COMPOSE_GROUP,
	  "ann@x.org", "bob@x.org" },
	{ "list reply goes to List-Post", "ann@x.org", "list@lists.org", "",
	  "", "", "list@lists.org", COMPOSE_LIST, "list@lists.org", "" },
	{ "a name with a comma stays whole",
	  "\"Smith, Ann\" <ann@x.org>", "me@my.org", "", "", "", NULL,
	  COMPOSE_REPLY, "\"Smith, Ann\" <ann@x.org>", "" },
};

static void
test_recipients(void)
{
	char *mine[] = { "me@my.org", "me2@my.org" };
	struct compose_recipients r;
	struct mime_original o;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		const struct reply_case *c = &cases[i];
		memset(&o, 0, sizeof o);
		o.from = (char *)c->from;
		o.to = (char *)c->to;
		o.cc = (char *)c->cc;
		o.reply_to = (char *)c->reply_to;
		o.followup_to = (char *)c->followup;
		o.list_post = (char *)c->list_post;
		if (compose_recipients(&o, c->kind, mine, 2, &r, &cause) == -1) {
			ok(0, "%s: %s", c->what, cause);
			free(cause);
			continue;
		}
		is_str(r.to, c->want_to, "%s: To", c->what);
		is_str(r.cc, c->want_cc, "%s: Cc", c->what);
		compose_recipients_clear(&r);
	}
	memset(&o, 0, sizeof o);
	o.from = o.to = o.cc = o.reply_to = o.followup_to = "";
	ok(compose_recipients(&o, COMPOSE_LIST, mine, 2, &r, &cause) == -1,
	    "a list reply to a message from no list fails");
	ok(cause != NULL && strstr(cause, "List-Post") != NULL, "saying why");
	free(cause);
}

static struct config *
config_with(const char *rc)
{
	struct config *config = config_new();
	struct rc_errors errors = { NULL, 0 };
	size_t i;

	rc_parse_string(config, "test", rc, &errors);
	ok(errors.n == 0, "the configuration reads: %s",
	    errors.n > 0 ? errors.lines[0] : "");
	for (i = 0; i < errors.n; i++)
		free(errors.lines[i]);
	free(errors.lines);
	return config;
}

static void
test_template(void)
{
	static const char original[] =
	    "From: Ann <ann@x.org>\nTo: Work Me <me@work.org>\n"
	    "Cc: bob@x.org\nSubject: Plans\nDate: Mon, 02 Nov 2026 10:00:00 "
	    "+0000\nMessage-ID: <plans@x.org>\nReferences: <older@x.org>\n\n"
	    "Shall we meet?\n\nAnn\n";
	char *sig = xasprintf("%s/sig", test_tmpdir());
	char *rc = xasprintf("set signature = %s\n"
	    "account home {\n from = \"Me <me@home.org>\"\n default = yes\n}\n"
	    "account work {\n from = \"Work Me <me@work.org>\"\n}\n", sig);
	char *path = xasprintf("%s/original", test_tmpdir()), *text = NULL,
	    *cause = NULL;
	struct config *config;
	const struct account *a = NULL;
	struct compose_start s = { COMPOSE_GROUP, path, NULL, NULL, NULL,
		NULL, NULL, NULL };

	file_write_atomic(sig, "Me, at home\n", 12, NULL);
	file_write_atomic(path, original, strlen(original), NULL);
	config = config_with(rc);
	ok(compose_template(config, &s, &a, &text, &cause) == 0,
	    "a group reply's template: %s", cause ? cause : "");
	ok(a != NULL && strcmp(account_name(a), "work") == 0,
	    "sent from the account the original was sent to");
	ok(text && strstr(text, "From: Work Me <me@work.org>\n") != NULL,
	    "with its From");
	ok(text && strstr(text, "To: Ann <ann@x.org>\nCc: bob@x.org\n") !=
	    NULL, "to the sender, the others in Cc, not me");
	ok(text && strstr(text, "Subject: Re: Plans\n") != NULL, "Re:");
	ok(text && strstr(text, "In-Reply-To: <plans@x.org>\n") != NULL,
	    "In-Reply-To");
	ok(text && strstr(text, "References: <older@x.org> <plans@x.org>\n")
	    != NULL, "References grow by the original");
	ok(text && strstr(text, "Ann <ann@x.org> wrote:\n> Shall we meet?\n>\n"
	    "> Ann\n") != NULL, "the original quoted under an attribution");
	ok(text && strstr(text, "\n-- \nMe, at home\n") != NULL,
	    "the signature at the end");
	free(text);

	s.kind = COMPOSE_REPLY;
	text = NULL;
	compose_template(config, &s, &a, &text, NULL);
	ok(text && strstr(text, "Subject: Re: Plans\n") != NULL &&
	    strstr(text, "Re: Re:") == NULL, "no second Re:");
	free(text);
	s.kind = COMPOSE_FORWARD;
	text = NULL;
	compose_template(config, &s, &a, &text, NULL);
	ok(text && strstr(text, "Subject: Fwd: Plans\n") != NULL &&
	    strstr(text, "---------- Forwarded message ----------\nFrom: "
	    "Ann <ann@x.org>") != NULL && strstr(text, "\nShall we meet?\n"),
	    "a forward quotes the message inline");
	free(text);
	s.kind = COMPOSE_NEW;
	s.original = NULL;
	s.to = "x@y.org";
	s.subject = "Hi";
	text = NULL;
	compose_template(config, &s, &a, &text, NULL);
	ok(a != NULL && strcmp(account_name(a), "home") == 0,
	    "a new message is from the default account");
	{
		const char *want = "From: Me <me@home.org>\nTo: x@y.org\n"
		    "Cc: \nBcc: \nSubject: Hi\n\n";
		ok(text && strncmp(text, want, strlen(want)) == 0,
		    "a new message's headers");
	}
	free(text);
	config_free(config);
	free(rc);
	free(sig);
	free(path);
}

static void
test_parse(void)
{
	const char *text = "From: Me <me@x.org>\nTo: a@x.org,\n  b@x.org\n"
	    "Subject:  Hello \nAttach: /tmp/one\nBcc:\n\nBody\n> quoted\n";
	struct compose_parsed p;
	char *cause = NULL, *t2, *t3;

	ok(compose_parse(text, &p, &cause) == 0, "a draft parses");
	is_str(p.to, "a@x.org,  b@x.org", "a folded header joins");
	is_str(p.subject, "Hello", "values are trimmed");
	is_str(p.bcc, "", "an empty header is empty");
	is_int((long)p.nattachments, 1, "Attach: names a file");
	is_str(p.body, "Body\n> quoted\n", "the body after the blank line");
	ok(!compose_forgot_attachment(&p), "an attachment is there");
	compose_parsed_clear(&p);
	setenv("HOME", "/home/zoe", 1);
	ok(compose_parse("To: a@x.org\nAttach: ~/cv.pdf\n\nb\n", &p,
	    &cause) == 0 && p.nattachments == 1 &&
	    strcmp(p.attachments[0], "/home/zoe/cv.pdf") == 0,
	    "Attach: expands a leading ~, as Tab leaves it");
	compose_parsed_clear(&p);

	t2 = compose_attach(text, "/tmp/two");
	ok(strstr(t2, "Attach: /tmp/two\n\nBody") != NULL,
	    "attaching adds a line at the end of the header");
	t3 = compose_detach(t2, 0);
	ok(strstr(t3, "/tmp/one") == NULL && strstr(t3, "/tmp/two") != NULL,
	    "detaching removes the one named");
	free(t2);
	free(t3);

	ok(compose_parse("To: a@x.org\nX-Nonsense: 1\n\nb\n", &p, &cause) ==
	    -1, "an unknown header is refused");
	ok(cause && strstr(cause, "X-Nonsense") != NULL, "by name: %s", cause);
	free(cause);
	cause = NULL;
	ok(compose_parse("To: a@x.org\nno colon here\n\nb\n", &p, &cause) ==
	    -1, "a line that is no header is refused");
	free(cause);
	compose_parse("To: a@x.org\n\nSee the attached file.\n", &p, NULL);
	ok(compose_forgot_attachment(&p), "\"attached\" with none attached");
	compose_parsed_clear(&p);
	compose_parse("To: a@x.org\n\nThanks.\n> I attached it\n", &p, NULL);
	ok(!compose_forgot_attachment(&p), "quoted text doesn't count");
	compose_parsed_clear(&p);
}

/* A kept draft's Date: set, replaced on each save, and taken off again. */
static void
test_stamp(void)
{
	const char *text = "From: a@example.org\nSubject: s\n\nbody\n";
	char *once, *twice, *off;

	setenv("TZ", "UTC", 1);
	tzset();
	once = compose_stamp(text, 1234567890);
	is_str(once, "From: a@example.org\nSubject: s\nDate: Fri, 13 Feb 2009 "
	    "23:31:30 +0000\n\nbody\n", "a draft is kept with an RFC 5322 Date");
	twice = compose_stamp(once, 0);
	is_str(twice, "From: a@example.org\nSubject: s\nDate: Thu, 01 Jan 1970 "
	    "00:00:00 +0000\n\nbody\n", "saving again replaces it");
	off = compose_set_header(twice, "Date", NULL);
	is_str(off, text, "and it comes off for the editor");
	free(once);
	free(twice);
	free(off);
}

int
main(void)
{
	test_stamp();
	test_recipients();
	test_template();
	test_parse();
	return test_done();
}
