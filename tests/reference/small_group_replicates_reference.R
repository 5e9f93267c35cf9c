# Reference for a test across groups on a replicate-weight design that leaves a group under the
# reliability threshold out of its domain: svychisq on subset(design, role != "Governor") of a
# svrepdesign, the design keeping every respondent and its replicate weights.
# Data: small_group_fixture.csv (make_small_group_fixture.py); replicate weights are built here by a
# rule the test repeats: JK1, replicate s drops school s (weight 0) and multiplies every other
# respondent's weight by 30/29 (combined weights), scale 29/30; centred on the replicates' mean
# (mse = FALSE) and on the full-sample estimate (mse = TRUE).
# R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian's r-cran-survey).
# Command (from the repository root):
#   Rscript tests/reference/small_group_replicates_reference.R > tests/reference/small_group_replicates_reference.csv
suppressMessages(library(survey))
d <- read.csv("tests/reference/small_group_fixture.csv")
for (s in 1:30) d[[sprintf("rw_%02d", s)]] <- ifelse(d$school == s, 0, d$weight * 30 / 29)
out <- NULL
for (mse in c(FALSE, TRUE)) {
  des <- svrepdesign(data = d, repweights = "rw_[0-9]+", weights = ~weight, type = "JK1", scale = 29 / 30,
                     combined.weights = TRUE, mse = mse)
  kept <- subset(des, role != "Governor")
  f <- svychisq(~not_confident + role, kept, statistic = "F")
  x <- svychisq(~not_confident + role, kept, statistic = "Chisq")
  all <- svychisq(~not_confident + role, des, statistic = "F")
  out <- rbind(out, data.frame(
    mse = mse,
    quantity = c("f", "ndf", "ddf", "p", "x_squared", "chisq_p", "f_all_groups", "p_all_groups"),
    value = sprintf("%.17g", c(f$statistic, f$parameter[1], f$parameter[2], f$p.value,
                              x$statistic, x$p.value, all$statistic, all$p.value))))
}
write.csv(out, row.names = FALSE)
