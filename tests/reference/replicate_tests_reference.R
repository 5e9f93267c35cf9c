# Reference values for the tests across groups on replicate-weight designs (svrepdesign) from R's
# survey package (4.1.1), on the seeded fixture of make_models_fixture.py with the replicate weights
# of make_models_replicates.R (JK1, JKn, BRR, Fay, bootstrap; and JKn with mse = TRUE), respondents
# who answered not_confident: svychisq (statistic "F" and "Chisq", the method of svychisq for
# svyrep.design) by sector, by profession and by their cross (one factor of the nine cells), and the
# pairwise svyttest(not_confident ~ I(g == b), subset(design, g %in% c(a, b))) of every pair of
# sectors and of professions (difference b - a with its replicate SE, t, df, p).
# Command (from the repository root):
#   Rscript tests/reference/replicate_tests_reference.R > tests/reference/replicate_tests_reference.csv
source("tests/reference/models_common.R")
reps <- read.csv("tests/reference/models_replicates.csv")
meta <- read.csv("tests/reference/models_replicates_meta.csv", colClasses = c(rscales = "character"))
dd <- cbind(d, reps)
dd$cross <- interaction(dd$sector, dd$profession, sep = " x ")
cases <- c(split(meta, meta$prefix), list(jkn_mse = meta[meta$prefix == "jkn", ]))
for (case in names(cases)) {
  m1 <- cases[[case]]
  rho <- if (m1$type == "Fay") m1$rho else NULL
  des <- svrepdesign(data = dd, repweights = paste0("^", m1$prefix, "_[0-9]+$"), weights = ~weight, type = m1$type,
                     scale = m1$scale, rscales = as.numeric(strsplit(m1$rscales, ";")[[1]]), rho = rho,
                     combined.weights = TRUE, mse = case == "jkn_mse")
  base <- subset(des, !is.na(not_confident))
  for (by in c("sector", "profession", "cross")) {
    f <- as.formula(paste("~", by, "+ not_confident"))
    tf <- svychisq(f, base, statistic = "F")
    tc <- svychisq(f, base, statistic = "Chisq")
    put(case, by, "F", tf$statistic); put(case, by, "F_ndf", tf$parameter[1]); put(case, by, "F_ddf", tf$parameter[2])
    put(case, by, "F_p", tf$p.value)
    put(case, by, "X2", tc$statistic); put(case, by, "chisq_df", tc$parameter[1]); put(case, by, "chisq_p", tc$p.value)
    put(case, by, "degf", degf(base))
    if (by == "cross") next
    lev <- levels(dd[[by]])
    for (i in 1:(length(lev) - 1)) for (j in (i + 1):length(lev)) {
      a <- lev[i]; b <- lev[j]
      sub <- base[base$variables[[by]] %in% c(a, b), ]
      sub$variables$second <- sub$variables[[by]] == b
      tt <- svyttest(not_confident ~ second, sub)
      fit <- svyglm(not_confident ~ second, sub)
      g <- paste0(by, ":", a, "|", b)
      put(case, g, "difference", coef(fit)[2]); put(case, g, "se", SE(fit)[2]); put(case, g, "t", tt$statistic)
      put(case, g, "df", tt$parameter); put(case, g, "p", tt$p.value)
    }
  }
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
