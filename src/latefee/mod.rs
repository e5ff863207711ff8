//! Late-payment engine: statutory interest per half-year, flat compensation, consumer caps.
