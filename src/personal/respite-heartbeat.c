/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RespiteHeartbeat: the running block's heartbeat, made durable without
 * the app's thread sleeping on the disk (issue #17).
 *
 * A heartbeat committed to the SQLite store with synchronous = FULL makes
 * the app's thread wait for the disk three or four times a minute (the WAL
 * frame, the file's size and inode, the drive's cache flush), each one a
 * context switch. Here a heartbeat is a 48-byte record written in place in
 * a file of two fixed pages, `respite.db.heartbeat` beside the store, so
 * its write never changes the file's size or allocates a block. It goes
 * to the kernel as one Linux AIO direct write with O_DSYNC (one page): the
 * thread submits it and goes back to sleep, the drive writes it, and the
 * kernel flushes the drive's cache once it has, in a worker of its own.
 * The disk does the same work as for a sync the thread waits for, started
 * at once; what the thread does not learn at once is whether it worked. It
 * looks at the next heartbeat: after a failure, or without Linux AIO, a
 * heartbeat waits for its own write, as every heartbeat used to. Where
 * O_DIRECT is refused (tmpfs before Linux 6.6), the record is written
 * through the page cache and its sync handed to the kernel instead
 * (IOCB_CMD_FDSYNC), which wakes a kernel worker at once, on this thread's
 * CPU, often preempting it: a context switch more.
 *
 * Two records alternate, one in each page, each with a sequence number and
 * a checksum: a write torn by a power cut spoils only the newer one, and
 * the older one, a heartbeat earlier, still counts. A record names its
 * block by id and start, so a record left from a store since erased or
 * replaced matches no open block.
 *
 * At start-up, RespiteTracker moves the record's heartbeat into the store
 * (when later than the store's) before ending the blocks a crash left open:
 * the block ends at the later of the two.
 */

#define G_LOG_DOMAIN "respite-heartbeat"
#define _GNU_SOURCE  /* O_DIRECT */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/aio_abi.h>
#include <sys/syscall.h>
#include <time.h>
#endif

#include "respite-heartbeat.h"

/* Each record has a page of its own, so that writing one back never
 * rewrites the other's sectors. */
#define SLOT_SIZE     4096
#define N_SLOTS       2
#define FILE_SIZE     (SLOT_SIZE * N_SLOTS)
#define RECORD_SIZE   48
#define CHECKED_SIZE  40

/* Syncs handed to the kernel and not yet seen done; past this many (a disk
 * stalled for minutes), each heartbeat waits for its own. */
#define MAX_IN_FLIGHT 8

static const char magic[8] = { 'R', 'S', 'P', 'T', 'H', 'B', 1, 0 };

struct _RespiteHeartbeat
{
  GObject        parent_instance;

  char          *path;         /* (owned) */
  int            fd;
  guint64        sequence;     /* of the next record written */
  guint          n_waited;     /* heartbeats whose sync the thread waited for */
#ifdef __linux__
  aio_context_t  aio;          /* 0: none, every sync waits */
  guint          in_flight;
  int            direct_fd;    /* O_DIRECT | O_DSYNC, or -1 */
  guint8        *pages;        /* (owned) (nullable) the slots, aligned, for direct writes */
#endif
};

G_DEFINE_FINAL_TYPE (RespiteHeartbeat, respite_heartbeat, G_TYPE_OBJECT)

#ifdef __linux__
/* glibc wraps POSIX AIO (threads of its own), not the kernel's. */
static long
aio_setup (unsigned nr_events, aio_context_t *ctx)
{
  return syscall (SYS_io_setup, nr_events, ctx);
}

static long
aio_submit (aio_context_t ctx, long n, struct iocb **iocbs)
{
  return syscall (SYS_io_submit, ctx, n, iocbs);
}

static long
aio_getevents (aio_context_t ctx, long min_nr, long max_nr, struct io_event *events,
               struct timespec *timeout)
{
  return syscall (SYS_io_getevents, ctx, min_nr, max_nr, events, timeout);
}

static long
aio_destroy (aio_context_t ctx)
{
  return syscall (SYS_io_destroy, ctx);
}
#endif

static void
respite_heartbeat_finalize (GObject *object)
{
  RespiteHeartbeat *self = RESPITE_HEARTBEAT (object);

#ifdef __linux__
  /* io_destroy waits for the syncs still running: a closed record is on
   * disk. */
  if (self->aio != 0)
    aio_destroy (self->aio);
  if (self->direct_fd >= 0)
    close (self->direct_fd);
  g_clear_pointer (&self->pages, g_aligned_free);
#endif
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);

  G_OBJECT_CLASS (respite_heartbeat_parent_class)->finalize (object);
}

static void
respite_heartbeat_class_init (RespiteHeartbeatClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = respite_heartbeat_finalize;
}

static void
respite_heartbeat_init (RespiteHeartbeat *self)
{
  self->fd = -1;
#ifdef __linux__
  self->direct_fd = -1;
#endif
}

/* FNV-1a, 64 bits: enough to tell a torn or damaged record. */
static guint64
checksum (const guint8 *data,
          gsize         len)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    {
      hash ^= data[i];
      hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }

  return hash;
}

static void
put64 (guint8 *p,
       guint64 value)
{
  value = GUINT64_TO_LE (value);
  memcpy (p, &value, 8);
}

static guint64
get64 (const guint8 *p)
{
  guint64 value;

  memcpy (&value, p, 8);
  return GUINT64_FROM_LE (value);
}

/* @format takes the path and the system's reason, in that order; errno is
 * read once, before anything can change it. Not translated: these go to
 * the log (the tracker's messages), never to the window. */
#define set_io_error(error, saved_errno, format, path) \
  G_STMT_START { \
    int errno_ = (saved_errno); \
    g_set_error ((error), G_IO_ERROR, g_io_error_from_errno (errno_), (format), (path), \
                 g_strerror (errno_)); \
  } G_STMT_END

/* Writes all of @len bytes at @offset, or fails with errno set. */
static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len,
           off_t         offset)
{
  while (len > 0)
    {
      ssize_t n = pwrite (fd, data, len, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      len -= n;
      offset += n;
    }

  return TRUE;
}

char *
respite_heartbeat_path_for_store (const char *store_path)
{
  g_return_val_if_fail (store_path != NULL, NULL);

  return g_strconcat (store_path, ".heartbeat", NULL);
}

static gboolean
sync_folder (const char  *path,
             GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int saved_errno;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved_errno = errno;
      if (fd >= 0)
        close (fd);
      set_io_error (error, saved_errno, "Could not create the heartbeat record %s: %s", folder);
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* Reads slot @slot: TRUE with @record and @sequence if it holds a sound
 * record, FALSE if it is empty or damaged (@damaged says which). */
static gboolean
read_slot (RespiteHeartbeat       *self,
           guint                   slot,
           RespiteHeartbeatRecord *record,
           guint64                *sequence,
           gboolean               *damaged,
           GError                **error)
{
  static const guint8 zeroes[RECORD_SIZE] = { 0 };
  guint8 data[RECORD_SIZE];
  ssize_t n;

  *damaged = FALSE;

  do
    n = pread (self->fd, data, sizeof data, (off_t) slot * SLOT_SIZE);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      set_io_error (error, errno, "Could not read the heartbeat record %s: %s", self->path);
      return FALSE;
    }

  if (n < RECORD_SIZE)
    memset (data + n, 0, RECORD_SIZE - n);

  if (memcmp (data, zeroes, RECORD_SIZE) == 0)
    return FALSE;

  record->block_id = (gint64) get64 (data + 16);
  record->started_at = (gint64) get64 (data + 24);
  record->heartbeat_at = (gint64) get64 (data + 32);
  *sequence = get64 (data + 8);

  if (memcmp (data, magic, sizeof magic) != 0 ||
      get64 (data + CHECKED_SIZE) != checksum (data, CHECKED_SIZE) ||
      record->block_id <= 0 ||
      record->heartbeat_at < record->started_at)
    {
      *damaged = TRUE;
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_records (RespiteHeartbeat  *self,
              gboolean           quiet,
              GArray           **records,
              GError           **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, TRUE, sizeof (RespiteHeartbeatRecord));
  guint64 newest = 0;

  for (guint slot = 0; slot < N_SLOTS; slot++)
    {
      g_autoptr(GError) local_error = NULL;
      RespiteHeartbeatRecord record;
      guint64 sequence;
      gboolean damaged;

      if (read_slot (self, slot, &record, &sequence, &damaged, &local_error))
        {
          if (found->len > 0 && sequence > newest)
            g_array_prepend_val (found, record);
          else
            g_array_append_val (found, record);
          newest = MAX (newest, sequence);
          self->sequence = MAX (self->sequence, sequence + 1);
        }
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      else if (damaged && !quiet)
        {
          g_message ("Heartbeat record %u in %s is damaged: ignored", slot + 1, self->path);
        }
    }

  *records = g_steal_pointer (&found);
  return TRUE;
}

/**
 * respite_heartbeat_read:
 * @records: (out) (transfer full) (element-type RespiteHeartbeatRecord):
 *   the sound records, newest first (none, one or two)
 *
 * Reads the records. A damaged one (a write torn by a power cut, or the
 * file overwritten) is left out with a message: the other, and the store's
 * own heartbeat, still count.
 */
gboolean
respite_heartbeat_read (RespiteHeartbeat  *self,
                        GArray           **records,
                        GError           **error)
{
  g_return_val_if_fail (RESPITE_IS_HEARTBEAT (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  return read_records (self, FALSE, records, error);
}

/**
 * respite_heartbeat_open:
 * @path: the record's file, created (0600, two pages) if missing
 *
 * Opens the record for writing. Whatever a previous run left in it is kept
 * until the first write, so read it with respite_heartbeat_read() first.
 */
RespiteHeartbeat *
respite_heartbeat_open (const char  *path,
                        GError     **error)
{
  g_autoptr(RespiteHeartbeat) self = NULL;
  g_autoptr(GArray) records = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RESPITE_TYPE_HEARTBEAT, NULL);
  self->path = g_strdup (path);
  self->fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (self->fd < 0 || fstat (self->fd, &st) != 0)
    {
      set_io_error (error, errno, "Could not open the heartbeat record %s: %s", path);
      return NULL;
    }

  if ((st.st_mode & 0077) != 0 && fchmod (self->fd, 0600) != 0)
    {
      set_io_error (error, errno, "Could not make the heartbeat record %s private: %s", path);
      return NULL;
    }

  /* Both pages written out once, and the file's entry synced, so that a
   * heartbeat later overwrites blocks that are already there: its sync
   * changes no size and allocates nothing, even on a full disk. Only the
   * missing part is written: a file an interrupted run left short keeps
   * what it holds. */
  if (st.st_size < FILE_SIZE)
    {
      static const guint8 zeroes[FILE_SIZE] = { 0 };

      if (!write_all (self->fd, zeroes, FILE_SIZE - st.st_size, st.st_size) ||
          fsync (self->fd) != 0)
        {
          set_io_error (error, errno, "Could not create the heartbeat record %s: %s", path);
          return NULL;
        }
      if (!sync_folder (path, error))
        return NULL;
    }

  /* Learns the sequence to go on from; the caller's own read says what is
   * damaged. */
  if (!read_records (self, TRUE, &records, error))
    return NULL;

#ifdef __linux__
  if (aio_setup (MAX_IN_FLIGHT, &self->aio) != 0)
    {
      g_debug ("No kernel AIO (%s): each heartbeat waits for its sync", g_strerror (errno));
      self->aio = 0;
    }

  /* A direct write with O_DSYNC goes to the disk from the submitting
   * thread without waking anyone; the kernel flushes the drive's cache
   * when the write completes, in a worker, by then usually after this
   * thread has gone back to sleep. A sync handed over (IOCB_CMD_FDSYNC)
   * wakes a worker at once, on this thread's CPU, which often preempts it:
   * one more context switch a minute. Some file systems (tmpfs before
   * Linux 6.6) refuse O_DIRECT: then the record is written through the
   * page cache. */
  if (self->aio != 0)
    {
      self->direct_fd = open (path, O_WRONLY | O_DIRECT | O_DSYNC | O_CLOEXEC | O_NOFOLLOW);
      if (self->direct_fd < 0)
        g_debug ("No direct writes to %s (%s): the kernel syncs the page cache",
                 path, g_strerror (errno));
      else
        self->pages = g_aligned_alloc0 (N_SLOTS, SLOT_SIZE, SLOT_SIZE);
    }
#endif

  return g_steal_pointer (&self);
}

const char *
respite_heartbeat_get_path (RespiteHeartbeat *self)
{
  g_return_val_if_fail (RESPITE_IS_HEARTBEAT (self), NULL);

  return self->path;
}

/**
 * respite_heartbeat_get_n_waited:
 *
 * How many writes waited for the disk themselves, rather than leaving the
 * sync to the kernel: for tests and debugging.
 */
guint
respite_heartbeat_get_n_waited (RespiteHeartbeat *self)
{
  g_return_val_if_fail (RESPITE_IS_HEARTBEAT (self), 0);

  return self->n_waited;
}

#ifdef __linux__
/* Collects the writes and syncs the kernel has finished; with @wait, waits
 * for all of them (the disk is slower than the heartbeats, or something
 * else must write). Returns the errno of the first that failed, or 0. */
static int
collect (RespiteHeartbeat *self,
         gboolean          wait)
{
  struct io_event events[MAX_IN_FLIGHT];
  struct timespec now = { 0, 0 };
  int failed = 0;

  while (self->aio != 0 && self->in_flight > 0)
    {
      long n = aio_getevents (self->aio, wait ? self->in_flight : 0, MAX_IN_FLIGHT, events,
                              wait ? NULL : &now);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;

      for (long i = 0; i < n; i++)
        {
          /* A direct write's result is its length; a sync's, 0. */
          gint64 expected = events[i].data != 0 ? SLOT_SIZE : 0;

          self->in_flight--;
          if (events[i].res != expected && failed == 0)
            failed = events[i].res < 0 ? (int) -events[i].res : EIO;
        }

      if (!wait)
        break;
    }

  return failed;
}

/* Hands @opcode on @fd to the kernel: TRUE if it took it. @slot is the
 * page a direct write writes, or -1 for a sync. */
static gboolean
submit (RespiteHeartbeat *self,
        int               opcode,
        int               slot)
{
  struct iocb iocb = { 0 };
  struct iocb *iocbs[] = { &iocb };

  if (self->aio == 0)
    return FALSE;

  iocb.aio_lio_opcode = opcode;
  if (slot >= 0)
    {
      iocb.aio_fildes = self->direct_fd;
      iocb.aio_buf = (guint64) (guintptr) (self->pages + slot * SLOT_SIZE);
      iocb.aio_nbytes = SLOT_SIZE;
      iocb.aio_offset = (gint64) slot * SLOT_SIZE;
      iocb.aio_data = slot + 1;
    }
  else
    {
      iocb.aio_fildes = self->fd;
    }

  if (aio_submit (self->aio, 1, iocbs) != 1)
    {
      g_debug ("The kernel would not write %s for us (%s): this heartbeat waits",
               self->path, g_strerror (errno));
      /* EINVAL: a kernel before 4.18 has no IOCB_CMD_FDSYNC; a file system
       * may refuse a direct write. Not worth trying again. */
      if (errno == EINVAL || errno == ENOSYS)
        {
          if (slot >= 0)
            {
              close (self->direct_fd);
              self->direct_fd = -1;
            }
          else
            {
              aio_destroy (self->aio);
              self->aio = 0;
            }
        }
      return FALSE;
    }

  self->in_flight++;
  return TRUE;
}
#endif

static void
encode (RespiteHeartbeat *self,
        guint8           *data,
        gint64            block_id,
        gint64            started_at,
        gint64            heartbeat_at)
{
  memcpy (data, magic, sizeof magic);
  put64 (data + 8, self->sequence);
  put64 (data + 16, (guint64) block_id);
  put64 (data + 24, (guint64) started_at);
  put64 (data + 32, (guint64) heartbeat_at);
  put64 (data + CHECKED_SIZE, checksum (data, CHECKED_SIZE));
}

/* Writes @len bytes of @data to @slot and waits for the disk. */
static gboolean
write_slot_and_wait (RespiteHeartbeat  *self,
                     guint              slot,
                     const guint8      *data,
                     gsize              len,
                     GError           **error)
{
  self->n_waited++;

#ifdef __linux__
  if (self->direct_fd >= 0)
    {
      guint8 *page = self->pages + slot * SLOT_SIZE;

      memset (page, 0, SLOT_SIZE);
      memcpy (page, data, len);
      if (write_all (self->direct_fd, page, SLOT_SIZE, (off_t) slot * SLOT_SIZE))
        return TRUE;
    }
  else
#endif
  if (write_all (self->fd, data, len, (off_t) slot * SLOT_SIZE) && fdatasync (self->fd) == 0)
    return TRUE;

  set_io_error (error, errno, "Could not write the heartbeat record %s: %s", self->path);
  return FALSE;
}

/**
 * respite_heartbeat_write:
 * @block_id: the running block
 * @started_at: its start, Unix seconds
 * @heartbeat_at: the moment it is known to run, Unix seconds
 *
 * Writes a heartbeat over the older of the two records and sends it to the
 * disk without waiting for it (see the top of this file). If the last one
 * is not done yet, this waits for it first; if it failed, or the kernel
 * cannot write for us, this one waits for its own. So a heartbeat this
 * returns %TRUE for is on disk, or on its way there with nothing ahead of
 * it that failed.
 */
gboolean
respite_heartbeat_write (RespiteHeartbeat  *self,
                         gint64             block_id,
                         gint64             started_at,
                         gint64             heartbeat_at,
                         GError           **error)
{
  guint8 data[RECORD_SIZE] = { 0 };
  guint slot = self->sequence % N_SLOTS;
  int failed = 0;

  g_return_val_if_fail (RESPITE_IS_HEARTBEAT (self), FALSE);
  g_return_val_if_fail (block_id > 0, FALSE);
  g_return_val_if_fail (heartbeat_at >= started_at, FALSE);

  encode (self, data, block_id, started_at, heartbeat_at);

#ifdef __linux__
  /* One write at a time: a direct write's page is not touched until the
   * kernel is done with it. Sixty seconds apart, the last is long done. */
  failed = collect (self, FALSE);
  if (self->in_flight > 0)
    {
      int also_failed;

      self->n_waited++;
      also_failed = collect (self, TRUE);
      failed = failed != 0 ? failed : also_failed;
    }

  if (failed != 0)
    {
      g_message ("An earlier heartbeat did not reach %s (%s): this one waits for the disk",
                 self->path, g_strerror (failed));
    }
  else if (self->direct_fd >= 0)
    {
      guint8 *page = self->pages + slot * SLOT_SIZE;

      memset (page, 0, SLOT_SIZE);
      memcpy (page, data, sizeof data);
      if (submit (self, IOCB_CMD_PWRITE, slot))
        {
          self->sequence++;
          return TRUE;
        }
    }
  else if (self->aio != 0)
    {
      if (!write_all (self->fd, data, sizeof data, (off_t) slot * SLOT_SIZE))
        {
          set_io_error (error, errno, "Could not write the heartbeat record %s: %s",
                        self->path);
          return FALSE;
        }
      if (submit (self, IOCB_CMD_FDSYNC, -1))
        {
          self->sequence++;
          return TRUE;
        }
    }
#endif

  if (!write_slot_and_wait (self, slot, data, sizeof data, error))
    return FALSE;

  self->sequence++;
  return TRUE;
}

/**
 * respite_heartbeat_clear:
 *
 * Empties both records and waits for the disk: after the reviewer erased
 * their data, no time of theirs stays in this file.
 */
gboolean
respite_heartbeat_clear (RespiteHeartbeat  *self,
                         GError           **error)
{
  static const guint8 zeroes[RECORD_SIZE] = { 0 };

  g_return_val_if_fail (RESPITE_IS_HEARTBEAT (self), FALSE);

#ifdef __linux__
  /* Nothing in flight may land after the zeroes. */
  if (self->in_flight > 0)
    {
      self->n_waited++;
      collect (self, TRUE);
    }
#endif

  for (guint slot = 0; slot < N_SLOTS; slot++)
    if (!write_slot_and_wait (self, slot, zeroes, sizeof zeroes, error))
      return FALSE;

  return TRUE;
}
