package org.mailplex.bench;

import static org.mailplex.it.MailPlexJames.replacing;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.mailplex.it.MailPlexJames;

/**
 * The James that {@link CrashHarness} kills: a real memory server from the shipped
 * configuration, on the working folder given as argument, with alice, bob and carol on the
 * help plex's roster and a 1 s reconcile tick. It prints one {@code READY smtp=… imap=… webadmin=…} line once it takes
 * mail, then runs until it is killed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path workingDirectory = Paths.get(args[0]);
        MailPlexJames james = MailPlexJames.fromShippedConf(workingDirectory, conf -> replacing(
            // the memory app forgets users at restart and they are re-created just after it; a 1 s
            // tick lets MailPlex see them back within a second instead of 5
            "<reconcileInterval>5s</reconcileInterval>", "<reconcileInterval>1s</reconcileInterval>").apply(replacing(
            "<operators>alice@mailplex.local, bob@mailplex.local</operators>",
            "<operators>alice@mailplex.local, bob@mailplex.local, carol@mailplex.local</operators>").apply(conf)))
            .start();
        // the memory app forgets its users at every start
        james.withDemoUsers();
        System.out.println("READY smtp=" + james.smtpPort() + " imap=" + james.imapPort() + " webadmin=" + james.webAdminPort()
            + " parked=" + james.parked());
        System.out.flush();
        Thread.currentThread().join();
    }
}
