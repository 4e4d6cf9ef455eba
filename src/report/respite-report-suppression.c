/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cell suppression for RespiteReport: primary, then complementary.
 *
 * A table is cells and relations "this total is the sum of those parts",
 * which a reader knows (the WHO-5 bands add up to the respondents; a
 * column of teams to an all-teams total). Then:
 *
 * 1. Primary: a cell computed from 1 to k - 1 people is hidden. A count of
 *    0 is shown: it says something about everybody, nobody in particular.
 * 2. Complementary, relation by relation until nothing changes: if a
 *    relation leaves one unknown, or the hidden parts add up to 1 to k - 1
 *    people (total minus the shown parts), the smallest shown part is
 *    hidden too (the total, when no part is left).
 * 3. Then the attacker's check: the relations restricted to the hidden
 *    cells form a linear system; a hidden cell is disclosed when its unit
 *    vector lies in the row space (Gaussian elimination). Any disclosed
 *    cell gets another shown cell of one of its relations hidden, and step
 *    2 runs again. Step 2 catches the usual cases; step 3 the chains of
 *    relations (rows and columns together) that step 2 cannot see.
 */

#define G_LOG_DOMAIN "respite-report"

#include "config.h"

#include <math.h>

#include "respite-report.h"

typedef struct
{
  double           value;
  guint            people;
  RespiteCellState state;
} Cell;

typedef struct
{
  guint   total;
  GArray *parts;  /* (element-type guint) */
} Relation;

struct _RespiteSuppression
{
  guint   k;
  GArray *cells;      /* (element-type Cell) */
  GArray *relations;  /* (element-type Relation) */
};

static void
relation_clear (Relation *relation)
{
  g_clear_pointer (&relation->parts, g_array_unref);
}

RespiteSuppression *
respite_suppression_new (guint k)
{
  RespiteSuppression *self = g_new0 (RespiteSuppression, 1);

  self->k = k;
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  self->relations = g_array_new (FALSE, TRUE, sizeof (Relation));
  g_array_set_clear_func (self->relations, (GDestroyNotify) relation_clear);

  return self;
}

void
respite_suppression_free (RespiteSuppression *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->cells);
  g_array_unref (self->relations);
  g_free (self);
}

guint
respite_suppression_add_cell (RespiteSuppression *self,
                              double              value,
                              guint               people)
{
  Cell cell = { value, people, RESPITE_CELL_SHOWN };

  g_array_append_val (self->cells, cell);
  return self->cells->len - 1;
}

void
respite_suppression_hide (RespiteSuppression *self,
                          guint               cell,
                          RespiteCellState    state)
{
  g_return_if_fail (cell < self->cells->len);
  g_return_if_fail (state != RESPITE_CELL_SHOWN);

  g_array_index (self->cells, Cell, cell).state = state;
}

void
respite_suppression_add_relation (RespiteSuppression *self,
                                  guint               total,
                                  const guint        *parts,
                                  guint               n_parts)
{
  Relation relation = { total, g_array_sized_new (FALSE, FALSE, sizeof (guint), n_parts) };

  g_array_append_vals (relation.parts, parts, n_parts);
  g_array_append_val (self->relations, relation);
}

RespiteCellState
respite_suppression_get_state (RespiteSuppression *self,
                               guint               cell)
{
  g_return_val_if_fail (cell < self->cells->len, RESPITE_CELL_SHOWN);

  return g_array_index (self->cells, Cell, cell).state;
}

static Cell *
cell_at (RespiteSuppression *self,
         guint               id)
{
  return &g_array_index (self->cells, Cell, id);
}

static gboolean
is_hidden (RespiteSuppression *self,
           guint               id)
{
  return cell_at (self, id)->state != RESPITE_CELL_SHOWN;
}

/* Hides the smallest shown part of @relation, or its total if every part
 * is hidden. FALSE if nothing was left to hide. */
static gboolean
hide_another (RespiteSuppression *self,
              const Relation     *relation)
{
  guint best = G_MAXUINT;

  for (guint i = 0; i < relation->parts->len; i++)
    {
      guint part = g_array_index (relation->parts, guint, i);

      if (!is_hidden (self, part) &&
          (best == G_MAXUINT || cell_at (self, part)->value < cell_at (self, best)->value))
        best = part;
    }

  if (best == G_MAXUINT && !is_hidden (self, relation->total))
    best = relation->total;
  if (best == G_MAXUINT)
    return FALSE;

  cell_at (self, best)->state = RESPITE_CELL_HIDDEN_COMPLEMENTARY;
  return TRUE;
}

/* Step 2 for one relation. */
static gboolean
relation_needs_more (RespiteSuppression *self,
                     const Relation     *relation)
{
  guint unknowns = is_hidden (self, relation->total) ? 1 : 0;
  double hidden_sum = cell_at (self, relation->total)->value;

  for (guint i = 0; i < relation->parts->len; i++)
    {
      guint part = g_array_index (relation->parts, guint, i);

      if (is_hidden (self, part))
        unknowns++;
      else
        hidden_sum -= cell_at (self, part)->value;
    }

  if (unknowns == 1)
    return TRUE;

  /* What the reader learns: the hidden parts add up to hidden_sum. */
  return !is_hidden (self, relation->total) && unknowns > 0 &&
         hidden_sum > 0.5 && hidden_sum < self->k - 0.5;
}

/* Whether hidden cell @target is a fixed combination of shown cells. The
 * unknowns are the hidden cells; each relation is one equation. */
gboolean
respite_suppression_is_disclosed (RespiteSuppression *self,
                                  guint               target)
{
  g_autoptr(GArray) column_of = g_array_new (FALSE, FALSE, sizeof (int));
  guint n_unknowns = 0, n_rows = self->relations->len;
  g_autofree double *matrix = NULL;
  int target_column, rank = 0;

  g_return_val_if_fail (target < self->cells->len, FALSE);

  if (!is_hidden (self, target))
    return TRUE;

  for (guint i = 0; i < self->cells->len; i++)
    {
      int column = is_hidden (self, i) ? (int) n_unknowns++ : -1;

      g_array_append_val (column_of, column);
    }
  target_column = g_array_index (column_of, int, target);

  /* One row per relation: total - Σ parts = 0, over the unknowns. */
  matrix = g_new0 (double, (gsize) n_rows * n_unknowns);
  for (guint r = 0; r < n_rows; r++)
    {
      const Relation *relation = &g_array_index (self->relations, Relation, r);
      int column = g_array_index (column_of, int, relation->total);

      if (column >= 0)
        matrix[r * n_unknowns + column] += 1;
      for (guint i = 0; i < relation->parts->len; i++)
        {
          column = g_array_index (column_of, int, g_array_index (relation->parts, guint, i));
          if (column >= 0)
            matrix[r * n_unknowns + column] -= 1;
        }
    }

  /* Reduced row echelon form. */
  for (guint c = 0; c < n_unknowns && rank < (int) n_rows; c++)
    {
      int pivot = -1;

      for (guint r = rank; r < n_rows; r++)
        if (fabs (matrix[r * n_unknowns + c]) > 1e-9)
          {
            pivot = r;
            break;
          }
      if (pivot < 0)
        continue;

      for (guint j = 0; j < n_unknowns; j++)
        {
          double swap = matrix[pivot * n_unknowns + j];

          matrix[pivot * n_unknowns + j] = matrix[rank * n_unknowns + j];
          matrix[rank * n_unknowns + j] = swap;
        }
      for (guint j = 0, p = rank * n_unknowns; j < n_unknowns; j++)
        if (j != c)
          matrix[p + j] /= matrix[p + c];
      matrix[rank * n_unknowns + c] = 1;

      for (guint r = 0; r < n_rows; r++)
        {
          double factor = matrix[r * n_unknowns + c];

          if (r == (guint) rank || fabs (factor) < 1e-12)
            continue;
          for (guint j = 0; j < n_unknowns; j++)
            matrix[r * n_unknowns + j] -= factor * matrix[rank * n_unknowns + j];
        }
      rank++;
    }

  /* Disclosed iff some row of the reduced system is the target alone. */
  for (int r = 0; r < rank; r++)
    {
      gboolean alone = fabs (matrix[r * n_unknowns + target_column]) > 1e-9;

      for (guint j = 0; j < n_unknowns && alone; j++)
        if ((int) j != target_column && fabs (matrix[r * n_unknowns + j]) > 1e-9)
          alone = FALSE;
      if (alone)
        return TRUE;
    }

  return FALSE;
}

static gboolean
relation_holds (const Relation *relation,
                guint           cell)
{
  if (relation->total == cell)
    return TRUE;
  for (guint i = 0; i < relation->parts->len; i++)
    if (g_array_index (relation->parts, guint, i) == cell)
      return TRUE;
  return FALSE;
}

void
respite_suppression_run (RespiteSuppression *self)
{
  gboolean changed = TRUE;

  /* 1. Primary. */
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = cell_at (self, i);

      if (cell->state == RESPITE_CELL_SHOWN && cell->people >= 1 && cell->people < self->k)
        cell->state = RESPITE_CELL_HIDDEN_K;
    }

  while (changed)
    {
      changed = FALSE;

      /* 2. Complementary, relation by relation. */
      for (guint r = 0; r < self->relations->len; r++)
        {
          const Relation *relation = &g_array_index (self->relations, Relation, r);

          while (relation_needs_more (self, relation) && hide_another (self, relation))
            changed = TRUE;
        }
      if (changed)
        continue;

      /* 3. The attacker's check over every relation at once. */
      for (guint i = 0; i < self->cells->len && !changed; i++)
        {
          if (!is_hidden (self, i) || !respite_suppression_is_disclosed (self, i))
            continue;

          for (guint r = 0; r < self->relations->len && !changed; r++)
            {
              const Relation *relation = &g_array_index (self->relations, Relation, r);

              if (relation_holds (relation, i))
                changed = hide_another (self, relation);
            }
        }
    }
}
