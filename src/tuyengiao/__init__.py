"""tuyengiao: work programmes, reports, meetings and news of the Propaganda & Education commissions."""
