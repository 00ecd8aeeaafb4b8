package io.webjobs.orchestrator.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The baseline of {@code webjobs bench schedules}: the same schedules on Quartz (RAMJobStore, in this
 * JVM), the scheduler a Java user would pick instead. A fire's lateness is the time its (empty) job
 * started minus its scheduled fire time, the peer of webjobs' RunRequested time minus due time. Quartz
 * is a bench-only dependency: only this class may touch it.
 */
public final class QuartzSchedules {

    /** Enough for an empty job: more threads only contend on 2 cores. Quartz acquires up to this many triggers at once. */
    public static final int THREADS = 10;

    /** The fires seen with a scheduled time in the measured window. */
    public record Fires(List<Long> latenessMillis, long duplicates) {
    }

    private final int schedules;
    private final IntFunction<String> expression;

    /** @param expression the webjobs (NCRONTAB, 6 fields) expression of schedule i */
    public QuartzSchedules(int schedules, IntFunction<String> expression) {
        this.schedules = schedules;
        this.expression = expression;
    }

    /** The Quartz version on the class path, as it reports itself. */
    public static String version() {
        return org.quartz.core.QuartzScheduler.getVersionMajor() + "." + org.quartz.core.QuartzScheduler.getVersionMinor()
                + "." + org.quartz.core.QuartzScheduler.getVersionIteration();
    }

    /** Quartz wants {@code ?} in one of day-of-month and day-of-week; webjobs' expressions use {@code *} there. */
    static String quartzCron(String ncrontab) {
        String[] fields = ncrontab.trim().split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("expected 6 fields: " + ncrontab);
        }
        fields[5] = "?";
        return String.join(" ", fields);
    }

    /** Schedules everything, lets it fire from now until {@code until} plus a grace, and answers the window's fires. */
    public Fires measure(Instant from, Instant until, Duration grace) throws Exception {
        ConcurrentLinkedQueue<long[]> fired = new ConcurrentLinkedQueue<>();
        Scheduler scheduler = new StdSchedulerFactory(properties()).getScheduler();
        scheduler.setJobFactory((bundle, owner) -> (Job) context -> fired.add(new long[] {
                Long.parseLong(context.getJobDetail().getKey().getName()),
                context.getScheduledFireTime().getTime(), System.currentTimeMillis()}));
        try {
            Map<JobDetail, Set<? extends Trigger>> jobs = new HashMap<>();
            for (int i = 0; i < schedules; i++) {
                JobDetail job = JobBuilder.newJob(Job.class).withIdentity(Integer.toString(i)).build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(Integer.toString(i))
                        .withSchedule(CronScheduleBuilder.cronSchedule(quartzCron(expression.apply(i)))).build();
                jobs.put(job, Set.of(trigger));
            }
            scheduler.scheduleJobs(jobs, false);
            scheduler.start();
            Instant end = until.plus(grace);
            while (Instant.now().isBefore(end)) {
                Thread.sleep(200);
            }
        } finally {
            scheduler.shutdown(false);
        }
        List<Long> lateness = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long duplicates = 0;
        for (long[] f : fired) {
            if (!seen.add(f[0] + "@" + f[1])) {
                duplicates++;
            } else if (f[1] >= from.toEpochMilli() && f[1] < until.toEpochMilli()) {
                lateness.add(f[2] - f[1]);
            }
        }
        return new Fires(Collections.unmodifiableList(lateness), duplicates);
    }

    private static Properties properties() {
        Properties props = new Properties();
        props.put("org.quartz.scheduler.instanceName", "webjobs-bench-quartz");
        props.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        props.put("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        // one trigger per acquisition (the default) caps Quartz far below 10k fires/s: tune it as a user would
        props.put("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(THREADS));
        return props;
    }
}
